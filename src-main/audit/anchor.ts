/**
 * The audit trail's anchor outside the database (docs/decisions/0008-anchored-audit-trail.md). Someone who can
 * rewrite the SQLite file can recompute every SHA-256 of the chain, delete the last events or append new ones; what
 * they cannot do without the keychain is:
 *  - compute an event's MAC: each event carries HMAC-SHA-256 under a per-workspace key that lives only in the OS
 *    keychain (created with the workspace, never in SQLite, logs or exports);
 *  - move the chain head: after every append the last sequence number and hash are written to the keychain too,
 *    with the sequence number from which every event must carry a MAC (`keyedFrom`).
 * On a machine without a keychain (the demo needs none) there is no key: events are chained only, and Verify says
 * so rather than calling the trail anchored.
 */
import { randomBytes } from 'node:crypto';
import type { CredentialStore } from '../credentials/credential-store';
import type { AuditStore } from '../storage/audit-store';

export interface ChainHead {
  seq: number;
  hash: string;
  /** Every event from this sequence number on must carry a valid MAC. */
  keyedFrom: number;
}

export type AnchorState =
  | { kind: 'anchored'; key: Buffer; head: ChainHead | null }
  /** No keychain on this machine: nothing to anchor to. */
  | { kind: 'unavailable'; reason: string }
  /** The workspace had a key (events carry MACs) but the keychain no longer has it. */
  | { kind: 'key_missing'; reason: string };

const keyAccount = (workspaceId: string) => `audit-key:${workspaceId}`;
const headAccount = (workspaceId: string) => `audit-head:${workspaceId}`;

/** The workspace's key and chain head as its keychain holds them (for verifying an export), or what is missing. */
export async function readAnchor(
  credentials: CredentialStore,
  workspaceId: string,
): Promise<{ key: Buffer; head: ChainHead } | { missing: 'keychain' | 'key' | 'head'; reason: string }> {
  const status = await credentials.status();
  if (!status.available) return { missing: 'keychain', reason: status.message ?? 'The system keychain is not available.' };
  const stored = await credentials.load(keyAccount(workspaceId));
  if (!stored?.key) return { missing: 'key', reason: `This keychain holds no audit key for workspace ${workspaceId}.` };
  const head = parseHead(await credentials.load(headAccount(workspaceId)));
  if (!head) return { missing: 'head', reason: `This keychain holds no audit chain head for workspace ${workspaceId}.` };
  return { key: Buffer.from(stored.key, 'base64'), head };
}

function parseHead(stored: Record<string, string> | null): ChainHead | null {
  if (!stored?.seq || stored.hash === undefined || !stored.keyedFrom) return null;
  return { seq: Number(stored.seq), hash: stored.hash, keyedFrom: Number(stored.keyedFrom) };
}

export class AuditAnchor {
  private state: AnchorState = { kind: 'unavailable', reason: 'The audit key has not been loaded yet.' };
  private writing: Promise<void> | null = null;
  private dirty = false;
  private written: { seq: number; hash: string } | null = null;
  private off: (() => void) | null = null;

  constructor(
    private readonly credentials: CredentialStore,
    private readonly workspaceId: string,
    private readonly store: AuditStore,
  ) {}

  /** Loads (or, for a workspace that never had one, creates) the key and the head; appends are MAC'd from then on. */
  async open(): Promise<AnchorState> {
    const status = await this.credentials.status();
    if (!status.available) {
      this.state = {
        kind: 'unavailable',
        reason: 'This computer has no keychain, so Paydesk keeps the audit trail hash-chained but cannot anchor it outside the database.',
      };
      this.store.useKey(null);
      return this.state;
    }
    const stored = await this.credentials.load(keyAccount(this.workspaceId));
    const head = await this.readHead();
    if (stored?.key) {
      const key = Buffer.from(stored.key, 'base64');
      this.state = { kind: 'anchored', key, head };
    } else if (this.store.firstKeyedSeq() !== null || head) {
      // Events were MAC'd with a key that is gone: a new key would make them unverifiable, so none is made.
      this.state = {
        kind: 'key_missing',
        reason:
          "The workspace's audit key is missing from the keychain, so the audit trail cannot be checked against it. " +
          'Restore the keychain (or its backup) on this computer; until then Verify cannot call the trail intact.',
      };
    } else {
      const key = randomBytes(32);
      await this.credentials.save(keyAccount(this.workspaceId), { key: key.toString('base64') });
      const keyedFrom = (this.store.last()?.seq ?? 0) + 1;
      this.state = { kind: 'anchored', key, head: { seq: keyedFrom - 1, hash: this.store.last()?.hash ?? '', keyedFrom } };
      await this.writeHead(this.state.head!);
    }
    this.store.useKey(this.state.kind === 'anchored' ? this.state.key : null);
    this.off?.();
    this.off = this.store.onAppend(() => this.schedule());
    return this.state;
  }

  current(): AnchorState {
    return this.state;
  }

  /** How to verify a backup of this workspace: its key and where MACs begin, without the live trail's head. */
  forBackup(): AnchorState {
    if (this.state.kind !== 'anchored') return this.state;
    return { kind: 'anchored', key: this.state.key, head: { seq: 0, hash: '', keyedFrom: this.state.head?.keyedFrom ?? 1 } };
  }

  /**
   * After a restore: the trail is now the backup's, shorter on purpose, so the head moves to its last event. Returns the
   * head it replaced, which the restore's audit event records.
   */
  async rebase(): Promise<{ seq: number; hash: string } | null> {
    if (this.state.kind !== 'anchored') return null;
    const previous = this.state.head ? { seq: this.state.head.seq, hash: this.state.head.hash } : null;
    const last = this.store.last();
    const head = { seq: last?.seq ?? 0, hash: last?.hash ?? '', keyedFrom: this.state.head?.keyedFrom ?? 1 };
    await this.writeHead(head);
    this.state = { ...this.state, head };
    return previous;
  }

  /** Writes the head after appends (coalesced: one write in flight, always of the last committed event). */
  private schedule(): void {
    if (this.state.kind !== 'anchored') return;
    this.dirty = true;
    if (!this.writing) this.writing = this.drain();
  }

  private async drain(): Promise<void> {
    try {
      // Let the caller's transaction commit first: the head records what is in the file.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.dirty && this.state.kind === 'anchored') {
        this.dirty = false;
        const last = this.store.last();
        if (!last || (this.written?.seq === last.seq && this.written.hash === last.hash)) continue;
        const keyedFrom = this.state.head?.keyedFrom ?? last.seq;
        const head = { seq: last.seq, hash: last.hash, keyedFrom };
        await this.writeHead(head);
        this.state = { ...this.state, head };
      }
    } catch {
      // A keychain that stops answering leaves the head behind; Verify then sees events after the last anchor (with
      // valid MACs), which is what a crash between commit and write looks like too, never a false "intact".
    } finally {
      this.writing = null;
    }
  }

  /** Waits for the head to reach the last committed event (before quitting, and in tests). */
  async flush(): Promise<void> {
    this.schedule();
    while (this.writing) await this.writing;
  }

  close(): void {
    this.off?.();
    this.off = null;
  }

  private async writeHead(head: ChainHead): Promise<void> {
    await this.credentials.save(headAccount(this.workspaceId), {
      seq: String(head.seq),
      hash: head.hash,
      keyedFrom: String(head.keyedFrom),
    });
    this.written = { seq: head.seq, hash: head.hash };
  }

  private async readHead(): Promise<ChainHead | null> {
    return parseHead(await this.credentials.load(headAccount(this.workspaceId)));
  }
}
