import { useState, type FormEvent } from 'react';
import { Skeleton, Stack, TextInput } from '@mantine/core';
import type { Settings } from '@shared/contract';
import type { Scope } from '../../api/invalidation';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { usePermission } from '../../api/session';
import { QueryState } from '../../components/QueryState';
import { ErrorAlert } from '../../components/ErrorAlert';
import { SaveRow } from '../../components/SaveRow';
import { errorMessage, fieldErrorOf } from '../../lib/errors';

type FormProps = Omit<Parameters<typeof WholeNumberSettingForm>[0], 'initial' | 'readOnly'>;

/** A whole-number setting as loaded from main, read only for operators who may not change settings. */
export function WholeNumberSetting(props: FormProps) {
  const settings = useApiQuery('settings.get');
  const mayChange = usePermission('settings.update');
  return (
    <QueryState query={settings} what="settings" loading={<Skeleton height={60} />}>
      {(loaded) => <WholeNumberSettingForm {...props} initial={loaded[props.setting]} readOnly={mayChange !== true ? mayChange : null} />}
    </QueryState>
  );
}

/**
 * One whole-number setting with its Save: checked here for a whole number, then by main for its range (its message
 * shows under the field). `readOnly` is why this operator may not change it, shown instead of the description.
 */
function WholeNumberSettingForm({
  setting,
  initial,
  readOnly,
  formLabel,
  fieldLabel,
  unit,
  description,
  invalidates,
  testId,
  savedTestId,
  gap = 'xs',
}: {
  setting: keyof Settings;
  initial: number;
  readOnly: string | null;
  /** The form's accessible name. */
  formLabel: string;
  fieldLabel: string;
  /** What the number counts ("days"), for the message when it is not a whole number. */
  unit: string;
  description: string;
  invalidates: Scope[];
  testId: string;
  savedTestId: string;
  gap?: 'xs' | 'sm';
}) {
  const [text, setText] = useState(String(initial));
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useApiMutation('settings.update', { invalidates });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setSaveError(null);
    const typed = text.trim();
    if (!/^\d+$/.test(typed)) {
      setFieldError(`Enter the ${unit} as a whole number.`);
      return;
    }
    setFieldError(null);
    try {
      const settings = await save.mutateAsync({ [setting]: Number(typed) });
      setText(String(settings[setting]));
      setSaved(true);
    } catch (e) {
      const fromServer = fieldErrorOf(e, setting);
      if (fromServer) setFieldError(fromServer);
      else setSaveError(errorMessage(e));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={formLabel}>
      <Stack gap={gap}>
        <TextInput
          label={fieldLabel}
          inputMode="numeric"
          value={text}
          onChange={(e) => {
            setText(e.currentTarget.value);
            setSaved(false);
            setFieldError(null);
          }}
          error={fieldError}
          disabled={readOnly !== null}
          description={readOnly ?? description}
          maw={300}
          data-testid={testId}
        />
        {saveError && <ErrorAlert title="Could not save" message={saveError} />}
        {readOnly === null && <SaveRow label="Save" saving={save.isPending} saved={saved} savedText="Saved." testId={savedTestId} />}
      </Stack>
    </form>
  );
}
