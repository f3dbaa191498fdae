/** Form state and rules for adding/editing a connection, kept apart from the JSX so they stay readable. */
import type { AuthMode, Connection, Environment, OperationInput, ProviderId, ProviderInfo } from '@shared/contract';
import { environments } from '@shared/contract/model';

export interface ConnectionFormValues {
  provider: ProviderId;
  label: string;
  environment: Environment;
  baseUrl: string;
  authMode: string;
  credentials: Record<string, string>;
}

export const environmentLabels: Record<Environment, string> = {
  production: 'Production',
  sandbox: 'Sandbox',
  simulator: 'Simulator',
  custom: 'Custom base URL',
};

/**
 * Only a custom environment asks for an address. Production and sandbox use the provider's published one; the
 * simulators run inside Paydesk for the demo workspace, at addresses nobody can know (main refuses the environment
 * for connections of one's own).
 */
export const needsBaseUrl = (environment: Environment) => environment === 'custom';

export function authModeAllowed(mode: AuthMode, environment: Environment): boolean {
  return !mode.environments || mode.environments.includes(environment);
}

export function pickAuthMode(info: ProviderInfo, environment: Environment, current?: string): string {
  const modes = info.authModes;
  const keep = modes.find((m) => m.id === current && authModeAllowed(m, environment));
  return (keep ?? modes.find((m) => authModeAllowed(m, environment)) ?? modes[0])?.id ?? '';
}

export function defaultEnvironment(info: ProviderInfo): Environment {
  const urls = info.baseUrls;
  if (urls.production) return 'production';
  if (urls.sandbox) return 'sandbox';
  return 'custom';
}

/** An existing connection as stored, or a new one for the first provider of the catalog. */
export function initialValues(connection: Connection | null, first: ProviderInfo): ConnectionFormValues {
  if (connection) {
    return {
      provider: connection.provider,
      label: connection.label,
      environment: connection.environment,
      baseUrl: needsBaseUrl(connection.environment) ? connection.baseUrl : '',
      authMode: connection.authMode,
      // Secrets are never sent to the renderer; only public fields come back to be edited.
      credentials: { ...connection.publicFields },
    };
  }
  const environment = defaultEnvironment(first);
  return { provider: first.id, label: '', environment, baseUrl: '', authMode: pickAuthMode(first, environment), credentials: {} };
}

export function currentAuthMode(info: ProviderInfo, values: ConnectionFormValues): AuthMode | undefined {
  return info.authModes.find((m) => m.id === values.authMode);
}

/** Required-field checks only; the server owns the full rules and its field errors are shown the same way. */
export function validate(info: ProviderInfo, values: ConnectionFormValues, editing: boolean): Record<string, string> {
  const errors: Record<string, string> = {};
  if (!values.label.trim()) errors.label = 'Give the connection a name.';
  if (needsBaseUrl(values.environment) && !values.baseUrl.trim()) errors.baseUrl = 'Enter the base URL.';
  const mode = currentAuthMode(info, values);
  if (!mode) {
    errors.authMode = 'Choose a sign-in method.';
    return errors;
  }
  for (const field of mode.fields) {
    const required = field.required && !(editing && field.secret);
    if (required && !(values.credentials[field.key] ?? '').trim()) errors[`credentials.${field.key}`] = `${field.label} is required.`;
  }
  return errors;
}

export function environmentHint(info: ProviderInfo, values: ConnectionFormValues): string {
  if (values.environment === 'simulator')
    return `The simulator is for the demo workspace only: create the demo workspace to try ${info.name} without an account, or choose "Custom base URL" for a test server of your own.`;
  if (values.environment === 'custom') return 'Use the address your provider gave you.';
  const url = info.baseUrls[values.environment];
  return url
    ? `Uses ${url}`
    : `${info.name} publishes no ${values.environment} address; choose "Custom base URL" and enter the one you were given.`;
}

type AddInput = OperationInput<'connections.add'>;
type UpdateInput = OperationInput<'connections.update'>;

function common(info: ProviderInfo, values: ConnectionFormValues, editing: boolean) {
  const mode = currentAuthMode(info, values);
  const credentials: Record<string, string> = {};
  for (const field of mode?.fields ?? []) {
    const value = values.credentials[field.key] ?? '';
    if (field.secret) {
      // An empty secret on edit means "keep the stored one".
      if (value.trim()) credentials[field.key] = value;
    } else if (value.trim() || editing) {
      credentials[field.key] = value.trim();
    }
  }
  return {
    provider: values.provider,
    label: values.label.trim(),
    environment: values.environment,
    authMode: values.authMode,
    credentials,
    ...(needsBaseUrl(values.environment) ? { baseUrl: values.baseUrl.trim() } : {}),
  };
}

export const toAddInput = (info: ProviderInfo, values: ConnectionFormValues): AddInput => common(info, values, false);
export const toUpdateInput = (info: ProviderInfo, id: string, values: ConnectionFormValues): UpdateInput => ({
  id,
  ...common(info, values, true),
});

/** The environments offered: the simulator only where a connection already uses it (the demo's, shown read-only). */
export function environmentOptions(current: Environment): Array<{ value: Environment; label: string; disabled?: boolean }> {
  return environments.map((e) =>
    e === 'simulator' && current !== 'simulator'
      ? { value: e, label: `${environmentLabels[e]} (demo workspace only)`, disabled: true }
      : { value: e, label: environmentLabels[e] },
  );
}

/** Paths the form can show under an input; anything else goes into the general alert. */
export function formFieldPaths(info: ProviderInfo, values: ConnectionFormValues): Set<string> {
  const paths = new Set(['provider', 'label', 'environment', 'authMode']);
  if (needsBaseUrl(values.environment)) paths.add('baseUrl');
  for (const field of currentAuthMode(info, values)?.fields ?? []) paths.add(`credentials.${field.key}`);
  return paths;
}
