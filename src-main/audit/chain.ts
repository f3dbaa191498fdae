/**
 * The audit trail's chain: each event's hash covers the previous event's hash and a canonical encoding of the event,
 * so changing, removing or reordering any stored row breaks the chain at that row. Pure functions, used by the
 * store that appends (src-main/storage/audit-store.ts) and by verify (audit-log.ts).
 */
import { createHash, createHmac } from 'node:crypto';
import type { AuditEvent } from '@shared/contract/model';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * Canonical JSON: object keys sorted, no whitespace, undefined dropped. The audit hash is computed over this
 * encoding so that the same event always hashes the same regardless of key order in the code that wrote it.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new Error('non-finite number in audit details');
    if (typeof value === 'bigint') return JSON.stringify(value.toString());
    return JSON.stringify(value) ?? 'null';
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

// Names of fields that hold secrets anywhere in Paydesk. Exact names, so that e.g. "tokenUrl" stays allowed.
const SECRET_KEY =
  /^(secret|secrets|password|passphrase|api[-_]?key|private[-_]?key|client[-_]?secret|(access|session|refresh|bearer)?[-_]?token|authorization|credentials)$/i;

/** Refuses details that carry something named like a secret; a bug here must fail loudly, not leak. */
export function assertNoSecrets(value: unknown, path = 'details'): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
    if (SECRET_KEY.test(key) && inner !== null && inner !== undefined && typeof inner !== 'boolean') {
      throw new Error(`audit ${path}.${key} looks like a secret; record only whether it changed`);
    }
    assertNoSecrets(inner, `${path}.${key}`);
  }
}

/** Format 1 (events written before operators): the hash covers seq, time, actor name, action, subject and details. */
export function hashEvent(prevHash: string, event: Pick<AuditEvent, 'seq' | 'at' | 'actor' | 'action' | 'subject' | 'details'>): string {
  const body = canonicalJson({
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    action: event.action,
    subject: event.subject,
    details: event.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/** What an event of format 2 is hashed over: everything it says, who and where included. */
export interface ChainedEvent {
  seq: number;
  at: string;
  actor: string;
  actorId: string | null;
  osUser: string | null;
  host: string | null;
  action: string;
  subject: string;
  details: Record<string, unknown>;
}

/** Format 2: the hash covers the operator's id, OS account and computer too (format 1 events keep their own hash). */
export function hashEventV2(prevHash: string, event: ChainedEvent): string {
  const body = canonicalJson({
    format: 2,
    seq: event.seq,
    at: event.at,
    actor: event.actor,
    actorId: event.actorId,
    osUser: event.osUser,
    host: event.host,
    action: event.action,
    subject: event.subject,
    details: event.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(body).digest('hex');
}

/**
 * The event's MAC under the workspace key. It covers the hash, which covers the event and everything before it, so
 * someone who can rewrite the database file but has no key can neither edit, insert nor rewrite events unseen.
 */
export function macOf(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`paydesk-audit\n${seq}\n${hash}`).digest('hex');
}
