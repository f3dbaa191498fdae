/**
 * Verifies an exported audit trail (JSON Lines from AuditLog.exportJsonLines) the same way Verify checks the live
 * database: chain, MACs under the workspace key, and, when given, the chain head from the keychain. Used by
 * `npm run audit:verify -- <file.jsonl>` (scripts/verify-audit-export.ts) and by the tests.
 */
import type { AuditVerification } from '@shared/contract/model';
import type { AuditRow } from '../storage/audit-store';
import type { AnchorState, ChainHead } from './anchor';
import { verifyRows, type AuditExportHeader } from './audit-log';
import { canonicalJson } from './chain';

export interface ParsedExport {
  header: AuditExportHeader;
  rows: AuditRow[];
}

export function parseAuditExport(text: string): ParsedExport {
  const lines = text.split('\n').filter((l) => l.trim());
  const header = JSON.parse(lines[0] ?? '{}') as AuditExportHeader;
  if (header.type !== 'paydesk-audit-export')
    throw new Error('This file is not a Paydesk audit export (its first line has no export header).');
  const rows = lines.slice(1).map((line) => {
    const e = JSON.parse(line) as Record<string, unknown>;
    return {
      seq: e.seq as number,
      at: e.at as string,
      actor: e.actor as string,
      actor_id: (e.actorId as string | null) ?? null,
      os_user: (e.osUser as string | null) ?? null,
      host: (e.host as string | null) ?? null,
      action: e.action as string,
      subject: e.subject as string,
      details: canonicalJson(e.details),
      prev_hash: e.prevHash as string,
      hash: e.hash as string,
      format: (e.format as number) ?? 1,
      mac: (e.mac as string | null) ?? null,
    } satisfies AuditRow;
  });
  return { header, rows };
}

/**
 * With the workspace's key and chain head (both from its keychain), every event from the head's `keyedFrom` on must
 * carry its MAC: the file cannot say where MACs begin, or stripping them would pass. An export taken before later
 * events ends before the head and is checked up to its end; one that claims to go further must reach the head.
 * Without a key only the hash chain is checked, and the result says it is not anchored.
 */
export function verifyAuditExport(text: string, anchor: { key: Buffer; head: ChainHead } | null): AuditVerification {
  const { header, rows } = parseAuditExport(text);
  if (rows.length !== header.events) {
    return {
      intact: false,
      anchored: Boolean(anchor),
      checked: 0,
      brokenSeq: rows.length + 1,
      kind: 'truncated',
      reason: `the export says ${header.events} events but holds ${rows.length}`,
    };
  }
  const state: AnchorState = anchor
    ? {
        kind: 'anchored',
        key: anchor.key,
        // An export older than the head is checked up to its own end (its MACs still prove every event in it).
        head: anchor.head.seq <= rows.length ? anchor.head : { seq: 0, hash: '', keyedFrom: anchor.head.keyedFrom },
      }
    : { kind: 'unavailable', reason: 'No audit key was given: only the hash chain was checked.' };
  return verifyRows(rows, state, true);
}
