/**
 * Reading a listing item by item: one item a provider returns that Paydesk cannot read must not cost the page (or
 * the sync run). Used by the listings the sync reads; a look-up by reference stays strict, because skipping an item
 * there could turn "found" into "not found", and "not found" leads to a resend.
 */
import { ProviderError } from './http';
import type { SetAsideItem } from './provider';

/** The item's id as the provider wrote it, if one of `fields` holds a string or a number. */
export function rawId(row: unknown, fields: readonly string[]): string | null {
  if (!row || typeof row !== 'object' || Array.isArray(row)) return null;
  for (const field of fields) {
    const value = (row as Record<string, unknown>)[field];
    if (typeof value === 'string' && value.trim()) return value.trim().slice(0, 200);
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  return null;
}

/** Maps every row it can; the others are set aside with the reason (a provider error's own safe words). */
export function mapEachItem<R, T>(
  rows: readonly R[],
  map: (row: R, index: number) => T,
  idOf: (row: R) => string | null,
  provider: string,
): { items: T[]; setAside: SetAsideItem[] } {
  const items: T[] = [];
  const setAside: SetAsideItem[] = [];
  rows.forEach((row, index) => {
    try {
      items.push(map(row, index));
    } catch (error) {
      const reason =
        error instanceof ProviderError
          ? error.message
          : `${provider} sent an item Paydesk could not read (unexpected ${error instanceof Error ? error.name : typeof error}).`;
      setAside.push({ remoteId: idOf(row), reason });
    }
  });
  return { items, setAside };
}
