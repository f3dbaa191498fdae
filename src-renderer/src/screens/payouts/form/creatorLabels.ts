import type { CreatorRow } from '@shared/contract';

type Labelled = Pick<CreatorRow, 'id' | 'name' | 'email' | 'handle' | 'remoteId'>;

/** "Lena Lindqvist · lena@example.com · @lena": the name, then the other ways the creator is known. */
export function creatorLabel(c: Labelled): string {
  const main = c.name ?? c.email ?? c.handle ?? c.remoteId;
  const extra = [c.email, c.handle].filter((v) => v && v !== main).join(' · ');
  return extra ? `${main} · ${extra}` : main;
}

/**
 * Labels for a picker, never two alike: creators that would read the same (the same name, nothing else known) are
 * told apart by the provider's id, so the operator never picks between two identical lines.
 */
export function creatorLabels(creators: Labelled[]): Map<number, string> {
  const base = new Map(creators.map((c) => [c.id, creatorLabel(c)]));
  const seen = new Map<string, number>();
  for (const label of base.values()) seen.set(label, (seen.get(label) ?? 0) + 1);
  return new Map(creators.map((c) => [c.id, seen.get(base.get(c.id)!)! > 1 ? `${base.get(c.id)!} · id ${c.remoteId}` : base.get(c.id)!]));
}
