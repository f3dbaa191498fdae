/**
 * What a connection's settings must satisfy, checked in main at every save, field by field, against what the
 * provider's module declares (sign-in methods, their fields, known base URLs). The contract checks only shapes.
 */
import { createPrivateKey } from 'node:crypto';
import type { Environment } from '@shared/contract/model';
import type { AuthMode, CredentialField } from '@shared/contract/providers';
import { AppError } from '../errors';
import type { ProviderModule } from '../providers/provider';
import { isProviderId, providerModule } from '../providers/registry';

export interface ConnectionInput {
  label: string;
  provider: string;
  environment: Environment;
  baseUrl?: string | undefined;
  authMode: string;
  credentials: Record<string, string>;
}

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** A full https URL (http only on this computer), without a user name or password in it; else why not. */
export function urlProblem(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'Enter a full URL, e.g. https://api.example.com/v1.';
  }
  if (url.username || url.password) return 'Leave the user name and password out of the URL; enter them in their own fields.';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:')
    return LOOPBACK_HOSTS.has(url.hostname) ? null : 'Use https: plain http is allowed only for a server on this computer (127.0.0.1).';
  return 'Enter an https:// URL.';
}

function fieldProblem(field: CredentialField, value: string): string | null {
  if (field.format === 'url') return urlProblem(value);
  if (field.format === 'pem-private-key') {
    try {
      const key = createPrivateKey(value);
      return key.type === 'private' ? null : 'This is not a private key.';
    } catch {
      return 'This is not a PEM private key: paste the whole key, from "-----BEGIN PRIVATE KEY-----" to its END line.';
    }
  }
  return null;
}

/** How names are compared: "Agency Payouts" and " agency  payouts " are the same name to a person. */
const sameName = (a: string) => a.trim().replace(/\s+/g, ' ').toLocaleLowerCase('en-US');

/**
 * Checks a connection form; throws INVALID_INPUT with every problem as a field error, or returns the provider's
 * module and the sign-in method. `requireSecrets` is false on update, where empty secret fields keep the stored ones.
 * `otherLabels` are the names of the other connections: two connections never share a name.
 */
export function checkConnectionInput(
  input: ConnectionInput,
  requireSecrets: boolean,
  otherLabels: readonly string[] = [],
): { module: ProviderModule; mode: AuthMode } {
  if (!isProviderId(input.provider))
    throw new AppError('INVALID_INPUT', 'Choose one of the providers Paydesk knows.', { provider: 'Unknown provider.' });
  const module = providerModule(input.provider);
  const info = module.info;
  const errors: Record<string, string> = {};
  const label = input.label.trim();
  if (!label) errors.label = 'Give the connection a name.';
  else if (label.length > 80) errors.label = 'Keep the name under 80 characters.';
  else if (otherLabels.some((other) => sameName(other) === sameName(label)))
    errors.label = `Another connection is already called "${label}"; give this one a name of its own.`;
  const mode = info.authModes.find((m) => m.id === input.authMode);
  if (!mode) {
    throw new AppError('INVALID_INPUT', `${info.name} has no sign-in method "${input.authMode.slice(0, 40)}".`, {
      authMode: 'Choose a sign-in method.',
    });
  }
  if (mode.environments && !mode.environments.includes(input.environment))
    errors.authMode = `${mode.label} cannot be used in ${input.environment}.`;
  const baseUrl = input.baseUrl?.trim() ?? '';
  if (input.environment === 'simulator') {
    // The simulators run inside Paydesk on ports of their own: only the demo workspace points at them.
    errors.environment = `The simulator environment is for Paydesk's demo workspace only: create the demo workspace to try ${info.name} without an account. To use a test server of your own, choose Custom and enter its address.`;
  } else if (input.environment === 'custom') {
    const problem = baseUrl ? urlProblem(baseUrl) : 'Enter the base URL.';
    if (problem) errors.baseUrl = problem;
  } else {
    const published = info.baseUrls[input.environment];
    if (!published) {
      errors.environment = `${info.name} publishes no ${input.environment} address; choose "custom" and enter the base URL you were given.`;
    } else if (baseUrl && baseUrl.replace(/\/+$/, '') !== published) {
      // A custom address left over from before the environment changed would silently point elsewhere.
      errors.baseUrl = `${input.environment === 'production' ? 'Production' : 'The sandbox'} uses ${published}; leave the base URL empty, or choose Custom to use another address.`;
    }
  }
  for (const key of Object.keys(input.credentials)) {
    if (!mode.fields.some((f) => f.key === key)) errors[`credentials.${key}`] = `Unexpected field "${key.slice(0, 40)}".`;
  }
  for (const field of mode.fields) {
    const given = input.credentials[field.key]?.trim() ?? '';
    if (!given) {
      if (field.required && (requireSecrets || !field.secret)) errors[`credentials.${field.key}`] = `${field.label} is required.`;
      continue;
    }
    const problem = fieldProblem(field, given);
    if (problem) errors[`credentials.${field.key}`] = problem;
  }
  const messages = Object.values(errors);
  if (messages.length) {
    throw new AppError('INVALID_INPUT', messages.length > 1 ? `${messages[0]} (and ${messages.length - 1} more)` : messages[0]!, errors);
  }
  return { module, mode };
}
