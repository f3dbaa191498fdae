import { Input, NativeSelect, SegmentedControl, Text, TextInput } from '@mantine/core';
import { socialPlatformLabels, socialPlatforms } from '@shared/contract/providers';
import type { RecipientFieldRule, RecipientMode } from '@shared/contract';
import { CreatorPicker } from './CreatorPicker';
import { modeRule, recipientFields, type FormErrors } from './payoutForm';
import type { DraftFormState } from './useDraftForm';

const platformOptions = socialPlatforms.map((p) => ({ value: p, label: socialPlatformLabels[p] }));

/** Input attributes per field kind; the label, whether it is required and its help come from the rules. */
const inputKinds: Partial<Record<RecipientFieldRule['key'], { type?: string; maxLength?: number; spellCheck?: boolean }>> = {
  name: { maxLength: 200 },
  email: { type: 'email', maxLength: 320, spellCheck: false },
  handle: { spellCheck: false },
  phone: { type: 'tel' },
  userId: { spellCheck: false },
  accountHolderName: { maxLength: 140 },
  iban: { spellCheck: false },
  bic: { spellCheck: false },
};

function hasRecipientFieldError(errors: FormErrors, fields: RecipientFieldRule[]): boolean {
  return Boolean(errors.creator || fields.some((f) => f.key !== 'name' && errors[f.key]));
}

/** "Pay to" (the provider's recipient modes), the creator picker, and the chosen mode's fields for this currency. */
export function RecipientSection({ form }: { form: DraftFormState }) {
  const { values, errors, rules, visible } = form;
  const mode = modeRule(rules, values.mode);
  const fields = recipientFields(mode, values.currency);
  const modes = rules?.recipientModes ?? [];
  const generalError = visible.has('recipient') && !hasRecipientFieldError(errors, fields) ? errors.recipient : undefined;

  return (
    <>
      {modes.length > 1 ? (
        <Input.Wrapper label="Pay to" error={generalError}>
          <SegmentedControl
            fullWidth
            data={modes.map((m) => ({ value: m.mode, label: m.label }))}
            value={values.mode}
            onChange={(next) => form.set('mode', next as RecipientMode, 'recipient')}
            aria-label="Pay to"
          />
        </Input.Wrapper>
      ) : (
        generalError && (
          <Text size="sm" c="red" role="alert">
            {generalError}
          </Text>
        )
      )}

      {visible.has('creator') && mode && (
        <CreatorPicker
          connectionId={values.connectionId}
          base={form.creators.data ?? []}
          loading={form.creators.isPending}
          value={values.creatorId}
          onPick={form.chooseCreator}
          error={errors.creator}
          required={mode.creator === 'required'}
          description={
            mode.creator === 'required'
              ? 'Required: a creator synced from this connection.'
              : 'Optional: fills in the recipient from a synced creator.'
          }
        />
      )}

      {fields.map((field) =>
        field.key === 'platform' ? (
          <NativeSelect
            key={field.key}
            label={field.label}
            description={field.description}
            data={[{ value: '', label: `Choose a ${field.label.toLowerCase()}` }, ...platformOptions]}
            value={values.recipient.platform}
            onChange={(e) => form.setRecipient('platform', e.currentTarget.value)}
            error={errors.platform}
            required={field.required}
          />
        ) : (
          <TextInput
            key={field.key}
            label={field.label}
            description={field.description ?? (field.required ? undefined : 'Optional.')}
            placeholder={field.placeholder}
            value={values.recipient[field.key]}
            onChange={(e) => form.setRecipient(field.key, e.currentTarget.value)}
            error={errors[field.key]}
            required={field.required}
            {...inputKinds[field.key]}
          />
        ),
      )}
    </>
  );
}
