import { useState, type FormEvent } from 'react';
import { Button, Divider, Group, Loader, Stack, Text, TextInput } from '@mantine/core';
import { IconFlask, IconUserShield } from '@tabler/icons-react';
import type { AppInfo } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useSessionCall } from '../../api/session';
import { ErrorAlert } from '../../components/ErrorAlert';
import { KeychainAlert } from '../../components/KeychainAlert';
import { errorMessage } from '../../lib/errors';
import { useCreateDemo } from '../../lib/useCreateDemo';
import { GateLayout } from './GateLayout';
import { firstAdminErrors, hasErrors, minPassphraseLength, type Errors } from './sessionForms';
import { NewPassphraseFields } from './NewPassphraseFields';

type Field = 'name' | 'passphrase' | 'repeat';

/** A workspace without operators: its first admin, or (in a new, empty workspace) the demo. */
export function SetupScreen({ info }: { info: AppInfo }) {
  const createFirst = useSessionCall('operators.createFirst');
  const { createDemo, creating, error: demoError } = useCreateDemo();
  const [values, setValues] = useState({ name: '', passphrase: '', repeat: '' });
  const [errors, setErrors] = useState<Errors<Field>>({});
  const [formError, setFormError] = useState<string | null>(null);

  const setValue = (field: Field, value: string) => {
    setValues((v) => ({ ...v, [field]: value }));
    setErrors((current) => ({ ...current, [field]: undefined }));
  };
  const set = (field: Field) => (e: React.ChangeEvent<HTMLInputElement>) => setValue(field, e.currentTarget.value);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setFormError(null);
    const local = firstAdminErrors(values);
    setErrors(local);
    if (hasErrors(local)) return;
    createFirst.mutate(
      { name: values.name.trim(), passphrase: values.passphrase },
      {
        onSuccess: () => setValues({ name: '', passphrase: '', repeat: '' }),
        onError: (e) => {
          const fields = e instanceof ApiError ? e.fieldErrors : {};
          setErrors({ name: fields.name, passphrase: fields.passphrase });
          if (fields.passphrase) setValues((v) => ({ ...v, passphrase: '', repeat: '' }));
          if (!fields.name && !fields.passphrase) setFormError(errorMessage(e));
        },
      },
    );
  };

  return (
    <GateLayout title="Set up Paydesk" testId="setup-screen" width={520}>
      <Text size="sm">
        Every approval, payment and change in Paydesk is recorded under the operator who signed in. The first operator is the admin: they
        add connections, set the limits and add the other operators, each with their own passphrase.
      </Text>
      <KeychainAlert />
      <form onSubmit={submit} noValidate aria-label="First admin">
        <Stack gap="sm">
          <TextInput label="Your name" value={values.name} onChange={set('name')} error={errors.name} autoFocus autoComplete="username" />
          <NewPassphraseFields
            passphrase={values.passphrase}
            repeat={values.repeat}
            onPassphrase={(v) => setValue('passphrase', v)}
            onRepeat={(v) => setValue('repeat', v)}
            errors={errors}
            description={`At least ${minPassphraseLength} characters; a few words are easier to remember than symbols.`}
          />
          {formError && <ErrorAlert title="Could not create the admin" message={formError} />}
          <Group justify="flex-end">
            <Button type="submit" loading={createFirst.isPending} leftSection={<IconUserShield size={16} />} disabled={creating}>
              Create admin and sign in
            </Button>
          </Group>
        </Stack>
      </form>
      {info.workspaceEmpty && (
        <>
          <Divider label="or" labelPosition="center" />
          <Stack gap="xs" data-testid="setup-demo">
            <Text fw={600}>Try the demo workspace</Text>
            <Text size="sm">
              Simulated providers running on this computer, with sample creators and payouts, and three demo operators to try four eyes
              with. No real money moves, and the demo needs no keychain. Real accounts cannot be added to it.
            </Text>
            {creating && (
              <Group gap="sm" wrap="nowrap" role="status" data-testid="demo-creating">
                <Loader size="sm" style={{ flexShrink: 0 }} />
                <Text size="sm">Creating the demo workspace — starting the simulators and syncing sample data…</Text>
              </Group>
            )}
            {demoError !== null && <ErrorAlert title="Could not create the demo workspace" message={errorMessage(demoError)} />}
            <Group>
              <Button
                variant="light"
                leftSection={<IconFlask size={16} />}
                onClick={() => void createDemo()}
                loading={creating}
                disabled={createFirst.isPending}
              >
                Try the demo workspace
              </Button>
            </Group>
          </Stack>
        </>
      )}
    </GateLayout>
  );
}
