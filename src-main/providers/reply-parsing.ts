/**
 * Reading a provider's reply the same way at every provider: shape errors that name field paths but never values,
 * and timestamps that always carry an offset. Each provider passes its own name and assumptions.
 */
import type { z } from 'zod';
import { ProviderError } from './http';

/** Parses a reply or throws a protocol error that names field paths but never echoes values (they may hold bank data). */
export function parseReply<T>(schema: z.ZodType<T>, body: unknown, what: string, providerName: string): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issues = result.error.issues
    .slice(0, 3)
    .map((issue) => `${issue.path.length ? issue.path.join('.') : '(body)'}: ${issue.message}`)
    .join('; ');
  throw new ProviderError('protocol', `${providerName} answered ${what} with an unexpected shape (${issues}).`, { provider: providerName });
}

/**
 * ISO 8601 with an offset. One without an offset is read as UTC where the provider's assumption says so
 * (`missingOffsetIsUtc`), and refused otherwise; `protocol` makes the provider's error.
 */
export function timestampWithOffset(value: string, missingOffsetIsUtc: boolean, protocol: (message: string) => ProviderError): string {
  const match = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(value);
  if (!match) throw protocol(`"${value}" is not an ISO 8601 timestamp.`);
  const withOffset = match[1] ? value : missingOffsetIsUtc ? `${value}Z` : null;
  if (!withOffset || Number.isNaN(Date.parse(withOffset))) throw protocol(`"${value}" is not a valid timestamp.`);
  return withOffset;
}

/**
 * A create the provider accepted (2xx) whose reply could not be read: calling it failed could lead to a second
 * payment, so it is ambiguous, and the sender looks the payout up by our reference.
 */
export function acceptedButUnreadable(providerName: string, unreadable: ProviderError): ProviderError {
  return new ProviderError(
    'ambiguous',
    `${providerName} accepted the payout but its reply could not be read (${unreadable.message}) Paydesk will look it up by its reference.`,
    { provider: providerName },
  );
}
