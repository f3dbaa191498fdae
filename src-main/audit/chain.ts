/**
 * The audit trail's chain: each event's hash covers the previous event's hash and a canonical encoding of the event,
 * so changing, removing or reordering any stored row breaks the chain at that row. Pure functions, used by the
 * store that appends (src-main/storage/audit-store.ts) and by verify (audit-log.ts).
 */
import crypto, { createHash, createHmac } from 'node:crypto';
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
  // Written as loops (not entries/filter/map): Verify runs this for every event of the trail.
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i += 1) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  let out = '{';
  for (const key of Object.keys(record).sort()) {
    const inner = record[key];
    if (inner === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(key)}:${canonicalJson(inner)}`;
  }
  return `${out}}`;
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
export type ChainedEvent = Pick<AuditEvent, 'seq' | 'at' | 'actor' | 'actorId' | 'osUser' | 'host' | 'action' | 'subject' | 'details'>;

/** Format 2: the hash covers the operator's id, OS account and computer too (format 1 events keep their own hash). */
export function hashEventV2(prevHash: string, event: ChainedEvent): string {
  return hashEventV2Text(prevHash, event, canonicalJson(event.details));
}

/**
 * The same hash from the stored details text, which the store writes as canonical JSON: Verify hashes what is in the
 * file byte for byte, without parsing and re-encoding it. The body is canonicalJson of the event with its keys in
 * sorted order, spelled out here so that no object is built per event.
 */
export function hashEventV2Text(prevHash: string, event: Omit<ChainedEvent, 'details'>, detailsJson: string): string {
  const text = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));
  const body =
    `{"action":${text(event.action)},"actor":${text(event.actor)},"actorId":${text(event.actorId)},"at":${text(event.at)},` +
    `"details":${detailsJson},"format":2,"host":${text(event.host)},"osUser":${text(event.osUser)},"seq":${canonicalJson(event.seq)},` +
    `"subject":${text(event.subject)}}`;
  return sha256Hex(`${prevHash}\n${body}`);
}

/** One-shot SHA-256 (crypto.hash, Node 20.12+, is about twice as fast per event as createHash), else createHash. */
const oneShot = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;
const sha256Hex = (data: string) => (oneShot ? oneShot('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex'));

/**
 * The event's MAC under the workspace key. It covers the hash, which covers the event and everything before it, so
 * someone who can rewrite the database file but has no key can neither edit, insert nor rewrite events unseen.
 */
export function macOf(key: Buffer, seq: number, hash: string): string {
  return createHmac('sha256', key).update(`paydesk-audit\n${seq}\n${hash}`).digest('hex');
}
