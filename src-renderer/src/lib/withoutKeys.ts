/** The record without these keys; the same object when it has none of them (so React skips the re-render). */
export function withoutKeys<T extends Record<string, unknown>>(record: T, keys: readonly string[]): T {
  if (!keys.some((k) => k in record)) return record;
  const next = { ...record };
  for (const k of keys) delete next[k];
  return next;
}
