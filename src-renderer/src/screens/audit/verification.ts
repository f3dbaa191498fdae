/** What Verify found, in words and a colour: only a trail that is intact and anchored outside the database is green. */
import type { AuditBreak, AuditVerification } from '@shared/contract';

export type VerifyTone = 'green' | 'yellow' | 'red';

export const breakLabels: Record<AuditBreak, string> = {
  changed: 'an event was changed',
  missing: 'events are missing',
  forged: 'an event was forged',
  truncated: 'events were cut off the end',
  unreadable: 'an event cannot be read',
  guards_removed: "the database's append-only guards were removed",
  key_missing: 'the audit key is missing from the keychain',
};

export function describeVerification(v: AuditVerification): { tone: VerifyTone; title: string; detail: string | null } {
  const events = `${v.checked.toLocaleString()} event${v.checked === 1 ? '' : 's'} checked`;
  if (v.intact && v.anchored && v.anchoredBy === 'team-database')
    return {
      tone: 'green',
      title: `Team audit trail intact and anchored — ${events}`,
      detail: `Every event chains, and this desktop's copy matches the team database's trail up to #${v.anchoredThrough}, which the database writes itself (no desktop can rewrite it), and the last chain head this desktop saw.`,
    };
  if (v.intact && v.anchored)
    return {
      tone: 'green',
      title: `Audit trail intact and anchored — ${events}`,
      detail: `Every event's hash and MAC match, and the chain head kept outside the database vouches for events up to #${v.anchoredThrough}.`,
    };
  if (v.intact)
    return {
      tone: 'yellow',
      title: `Hash chain intact, but not anchored — ${events}`,
      detail: `${v.reason} Without the anchor, someone with access to the database file could rewrite the whole chain undetected.`,
    };
  return { tone: 'red', title: `Audit trail broken at event #${v.brokenSeq}: ${breakLabels[v.kind]}`, detail: v.reason };
}
