import { Alert, Group, NativeSelect, TagsInput, Text, TextInput, Textarea } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { minorToDecimalString } from '../../../lib/formatAmount';
import { splitTags } from './payoutForm';
import type { DraftFormState } from './useDraftForm';

/** Amount and currency, description, campaign and tags, as the provider's draft rules ask for them. */
export function PaymentSection({ form, providerName }: { form: DraftFormState; providerName: string }) {
  const { values, errors, set } = form;
  const rules = form.rules!;
  const campaigns = form.campaigns.data ?? [];
  const minimum =
    rules.minimumMinor && values.currency
      ? `${providerName} minimum: ${minorToDecimalString(rules.minimumMinor, values.currency)} ${values.currency}.`
      : undefined;

  return (
    <>
      <Group grow align="flex-start">
        <TextInput
          label="Amount"
          placeholder="125.50"
          inputMode="decimal"
          autoComplete="off"
          value={values.amount}
          onChange={(e) => set('amount', e.currentTarget.value)}
          error={errors.amount}
          description={errors.amount ? undefined : (minimum ?? 'Digits with a dot, e.g. 125.50.')}
          required
          maxLength={40}
        />
        <NativeSelect
          label="Currency"
          data={rules.currencies}
          value={values.currency}
          onChange={(e) => set('currency', e.currentTarget.value, 'amount')}
          error={errors.currency}
          description={rules.currencies.length === 1 ? `${providerName} pays in ${rules.currencies[0]} only.` : undefined}
          required
        />
      </Group>

      <Textarea
        label="Description"
        description={rules.descriptionHint ?? (rules.descriptionRequired ? 'Shown to the recipient.' : 'Optional.')}
        value={values.description}
        onChange={(e) => set('description', e.currentTarget.value)}
        error={errors.description}
        required={rules.descriptionRequired}
        autosize
        minRows={1}
        maxRows={4}
        maxLength={1000}
      />

      {rules.campaign === 'local' ? (
        <TextInput
          label="Campaign"
          description={`Optional. A local label to group payouts; ${providerName} has no campaigns.`}
          value={values.localCampaign}
          onChange={(e) => set('localCampaign', e.currentTarget.value, 'campaign')}
          error={errors.campaign}
          maxLength={80}
        />
      ) : (
        <NativeSelect
          label="Campaign"
          description={
            form.campaigns.isPending
              ? 'Loading campaigns…'
              : campaigns.length === 0
                ? 'No campaigns of this connection are synced yet; sync it on the Connections screen.'
                : rules.campaign === 'required'
                  ? `${providerName} pays through campaigns.`
                  : 'Optional.'
          }
          data={[
            { value: '', label: rules.campaign === 'required' ? 'Choose a campaign' : 'No campaign' },
            ...campaigns.map((c) => ({ value: String(c.id), label: c.status ? `${c.name} (${c.status})` : c.name })),
          ]}
          value={values.campaignId}
          onChange={(e) => set('campaignId', e.currentTarget.value, 'campaign')}
          error={errors.campaign}
          required={rules.campaign === 'required'}
        />
      )}

      <TagsInput
        label="Tags"
        description="Optional. Press Enter or comma after each tag."
        value={values.tags}
        onChange={(tags) => set('tags', splitTags(tags))}
        error={errors.tags}
        maxTags={20}
        splitChars={[',', ';']}
        clearable
      />

      {rules.manualStep && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} title="After sending, a step remains at the provider">
          <Text size="sm">{rules.manualStep}</Text>
        </Alert>
      )}
    </>
  );
}
