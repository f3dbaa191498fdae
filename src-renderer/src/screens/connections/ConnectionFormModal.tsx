import { useState, type FormEvent } from 'react';
import { Button, Group, Modal, NativeSelect, Stack, Text, TextInput } from '@mantine/core';
import { type Connection, type ProviderId } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useProviders } from '../../api/providers';
import { useApiMutation } from '../../api/queries';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { KeychainAlert } from '../../components/KeychainAlert';
import { errorMessage, isKeychainError } from '../../lib/errors';
import { withoutKeys } from '../../lib/withoutKeys';
import { useInertBackground } from '../../lib/useInertBackground';
import {
  authModeAllowed,
  currentAuthMode,
  defaultEnvironment,
  environmentHint,
  environmentOptions,
  formFieldPaths,
  initialValues,
  needsBaseUrl,
  pickAuthMode,
  toAddInput,
  toUpdateInput,
  validate,
  type ConnectionFormValues,
} from './connectionForm';
import { CredentialFields } from './CredentialFields';
import { KeychainSaveHelp } from './KeychainSaveHelp';

interface Props {
  opened: boolean;
  /** null = add a new connection. */
  connection: Connection | null;
  onClose: () => void;
  onSaved: (connection: Connection, created: boolean) => void;
}

export function ConnectionFormModal({ opened, connection, onClose, onSaved }: Props) {
  useInertBackground(opened);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={connection ? `Edit connection “${connection.label}”` : 'New connection'}
      size="lg"
      closeOnClickOutside={false}
    >
      {/* Keyed so every opening starts from the connection as stored, not from the last attempt. */}
      {opened && <ConnectionForm key={connection?.id ?? 'new'} connection={connection} onCancel={onClose} onSaved={onSaved} />}
    </Modal>
  );
}

function ConnectionForm({
  connection,
  onCancel,
  onSaved,
}: {
  connection: Connection | null;
  onCancel: () => void;
  onSaved: Props['onSaved'];
}) {
  const editing = connection !== null;
  const providers = useProviders();
  const [values, setValues] = useState<ConnectionFormValues>(() => initialValues(connection, providers.list[0]!));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [generalDetails, setGeneralDetails] = useState<string[]>([]);
  const [keychainMessage, setKeychainMessage] = useState<string | null>(null);
  const add = useApiMutation('connections.add', { invalidates: ['connections'] });
  const save = useApiMutation('connections.update', { invalidates: ['connections'] });
  const saving = add.isPending || save.isPending;

  const providerOptions = providers.list.map((p) => ({ value: p.id, label: p.name }));
  const info = providers.info(values.provider)!;
  const mode = currentAuthMode(info, values);

  const clearError = (...paths: string[]) => setErrors((current) => withoutKeys(current, paths));

  const update = (patch: Partial<ConnectionFormValues>, ...paths: string[]) => {
    setValues((v) => ({ ...v, ...patch }));
    clearError(...paths);
  };

  const changeProvider = (provider: ProviderId) => {
    const next = providers.info(provider)!;
    const environment = defaultEnvironment(next);
    setValues((v) => ({ ...v, provider, environment, authMode: pickAuthMode(next, environment), credentials: {} }));
    setErrors({});
  };

  const changeEnvironment = (environment: ConnectionFormValues['environment']) => {
    // A custom address belongs to the custom environment: switching away forgets it.
    setValues((v) => ({
      ...v,
      environment,
      baseUrl: needsBaseUrl(environment) ? v.baseUrl : '',
      authMode: pickAuthMode(info, environment, v.authMode),
    }));
    clearError('environment', 'baseUrl', 'authMode');
  };

  const setCredential = (key: string, value: string) => {
    setValues((v) => ({ ...v, credentials: { ...v.credentials, [key]: value } }));
    clearError(`credentials.${key}`);
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneralError(null);
    setGeneralDetails([]);
    setKeychainMessage(null);
    const clientErrors = validate(info, values, editing);
    setErrors(clientErrors);
    if (Object.keys(clientErrors).length > 0) return;

    try {
      const saved = connection
        ? await save.mutateAsync(toUpdateInput(info, connection.id, values))
        : await add.mutateAsync(toAddInput(info, values));
      onSaved(saved, !connection);
    } catch (error) {
      if (isKeychainError(error)) {
        setKeychainMessage(error.message);
        return;
      }
      const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
      const shown = formFieldPaths(info, values);
      const inline: Record<string, string> = {};
      const elsewhere: string[] = [];
      for (const [path, message] of Object.entries(fieldErrors)) {
        if (shown.has(path)) inline[path] = message;
        else elsewhere.push(path ? `${path}: ${message}` : message);
      }
      setErrors(inline);
      setGeneralDetails(elsewhere);
      // With every problem shown under its field, a second copy on top would only add noise.
      if (Object.keys(inline).length === 0 || elsewhere.length > 0) setGeneralError(errorMessage(error));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={editing ? 'Edit connection' : 'New connection'}>
      <Stack gap="sm">
        <KeychainAlert />
        <FormErrorAlert
          title="Could not save the connection"
          message={generalError}
          details={generalDetails}
          testId="connection-form-error"
        />

        <NativeSelect
          label="Provider"
          description={info.description}
          data={providerOptions}
          value={values.provider}
          onChange={(e) => changeProvider(e.currentTarget.value as ProviderId)}
          disabled={editing}
          error={errors.provider}
          required
        />
        <TextInput
          label="Name"
          placeholder={`e.g. ${info.name} — main account`}
          value={values.label}
          onChange={(e) => update({ label: e.currentTarget.value }, 'label')}
          error={errors.label}
          required
          maxLength={80}
          data-autofocus
        />
        <NativeSelect
          label="Environment"
          description={errors.environment ? undefined : environmentHint(info, values)}
          data={environmentOptions(values.environment)}
          value={values.environment}
          onChange={(e) => changeEnvironment(e.currentTarget.value as ConnectionFormValues['environment'])}
          error={errors.environment}
          required
        />
        {needsBaseUrl(values.environment) && (
          <TextInput
            label="Base URL"
            placeholder="https://api.example.com/v1"
            value={values.baseUrl}
            onChange={(e) => update({ baseUrl: e.currentTarget.value }, 'baseUrl')}
            error={errors.baseUrl}
            required
            type="url"
            spellCheck={false}
          />
        )}
        {info.authModes.length > 1 ? (
          <NativeSelect
            label="Sign-in method"
            data={info.authModes.map((m) => ({ value: m.id, label: m.label, disabled: !authModeAllowed(m, values.environment) }))}
            value={values.authMode}
            onChange={(e) => update({ authMode: e.currentTarget.value, credentials: {} }, 'authMode')}
            error={errors.authMode}
            required
          />
        ) : (
          <>
            <Text size="sm" c="dimmed">
              Sign-in method: {mode?.label ?? values.authMode}
            </Text>
            {errors.authMode && (
              <Text size="sm" c="red">
                {errors.authMode}
              </Text>
            )}
          </>
        )}

        <CredentialFields mode={mode} editing={editing} values={values.credentials} errors={errors} onChange={setCredential} />

        {keychainMessage && <KeychainSaveHelp message={keychainMessage} />}

        <Group justify="flex-end" mt="sm">
          <Button variant="default" onClick={onCancel} disabled={saving}>
            Cancel
          </Button>
          <Button type="submit" loading={saving}>
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
