import { randomUUID } from 'node:crypto';

/**
 * The shortest reference field among the providers allows 18 characters of [A-Za-z0-9-] and asks for a short
 * merchant marker plus a unique part (docs/providers/README.md). "pd-" + the first 15 hex digits of the UUID (60 random bits) fits, is derived from the client reference so
 * either can be recomputed from the other's row, and cannot collide with the simulator's seeded "pd-s…" refIds
 * because hex has no "s". Local uniqueness is enforced by a unique index; a clash draws a new UUID.
 */
export const SHORT_REFERENCE_PREFIX = 'pd-';

export function shortReferenceOf(clientReference: string): string {
  return `${SHORT_REFERENCE_PREFIX}${clientReference.replace(/-/g, '').slice(0, 15).toLowerCase()}`;
}

export function newReferences(taken: (clientReference: string, shortReference: string) => boolean): {
  clientReference: string;
  shortReference: string;
} {
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const clientReference = randomUUID();
    const shortReference = shortReferenceOf(clientReference);
    if (!taken(clientReference, shortReference)) return { clientReference, shortReference };
  }
  throw new Error('could not draw an unused payout reference');
}
