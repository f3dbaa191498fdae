/**
 * The team's audit trail as a desktop reads it: the Audit log, a payout's history and the exports read the replica
 * (offline, instantly); Verify checks the replica's chain, then holds it against the team database, which writes and
 * hash-chains the trail itself (src-main/storage/postgres/migrations/0001-team-schema.ts), and against the last team
 * chain head this desktop saw, kept in its keychain. So a rewritten replica file, and a trail rewritten on the server
 * behind the desktops' backs, are both found: the first differs from the server, the second from what a desktop saw.
 * Team events carry no MAC (there is no key shared by the team): what vouches for them is the server and the heads.
 */
import type { AuditEvent, AuditVerification, ExportFile } from '@shared/contract/model';
import { auditExportFile, verifyRows, type AuditTrail } from '../audit/audit-log';
import type { CredentialStore } from '../credentials/credential-store';
import type { AuditFilter } from '../storage/audit-store';
import type { ReplicaStore } from '../storage/postgres/replica-store';
import type { TeamSettings } from './connect';
import type { TeamWorkspace } from './team-workspace';

type Head = { seq: number; hash: string };

const headAccount = (s: TeamSettings) => `team-audit-head:${s.host}:${s.port}/${s.database}`;

export class TeamAuditTrail implements AuditTrail {
  private readonly replica: ReplicaStore;

  constructor(
    private readonly team: TeamWorkspace,
    private readonly credentials: CredentialStore,
  ) {
    this.replica = team.replicaStore;
  }

  list(filter: AuditFilter = {}): AuditEvent[] {
    return this.replica.auditList(filter);
  }

  exportFile(format: 'csv' | 'jsonl'): ExportFile {
    const { host, port, database } = this.team.settings;
    return auditExportFile(() => this.replica.auditRows(), `team:${host}:${port}/${database}`, format);
  }

  async verifyCommitted(): Promise<AuditVerification> {
    // The replica first catches up; the server's head is then read as of the replica's watermark, so events other
    // desktops append meanwhile are not taken for events missing here. Offline, the copy is checked on its own.
    let server: Head | null = null;
    let unreachable: string | null = null;
    try {
      await this.team.catchUp();
      server = await this.team.link.queries().auditHead(this.replica.lastApplied());
    } catch (error) {
      unreachable = error instanceof Error ? error.message : String(error);
    }
    const chain = verifyRows(this.replica.auditRows(), { kind: 'unavailable', reason: '' }, true);
    if (!chain.intact) return chain;
    const { checked } = chain;
    const broken = (brokenSeq: number, kind: 'changed' | 'truncated' | 'forged', reason: string): AuditVerification => ({
      intact: false,
      anchored: true,
      checked,
      brokenSeq,
      kind,
      reason,
    });
    if (unreachable || !server) {
      return {
        intact: true,
        anchored: false,
        checked,
        reason: unreachable
          ? `This desktop’s copy of the team trail chains, but the team database could not be asked to vouch for it (${unreachable}).`
          : 'The team trail is empty.',
      };
    }
    if (checked < server.seq)
      return broken(
        checked + 1,
        'truncated',
        `events after #${checked} are missing from this desktop’s copy: the team database’s trail reaches #${server.seq}`,
      );
    if (this.replica.auditHashAt(server.seq) !== server.hash)
      return broken(server.seq, 'changed', `event ${server.seq} of this desktop’s copy differs from the team database’s`);
    // Events applied after the watermark (a notification may land meanwhile) must be the server's too.
    if (checked > server.seq) {
      const onServer = await this.team.link
        .queries()
        .auditHashAt(checked)
        .catch(() => undefined);
      if (onServer !== undefined && onServer !== this.replica.auditHashAt(checked))
        return broken(checked, 'forged', `event ${checked} is in this desktop’s copy but not in the team database`);
    }

    const seen = await this.seenHead();
    if (seen && seen.seq > server.seq)
      return broken(
        server.seq + 1,
        'truncated',
        `events after #${server.seq} are gone from the team database: this desktop saw the trail reach #${seen.seq}`,
      );
    if (seen && this.replica.auditHashAt(seen.seq) !== seen.hash)
      return broken(
        seen.seq,
        'changed',
        `event ${seen.seq} no longer matches the chain head this desktop saw and kept in its keychain: the team trail was rewritten`,
      );
    await this.keepHead(server);
    return { intact: true, anchored: true, checked, anchoredThrough: Math.max(server.seq, checked), anchoredBy: 'team-database' };
  }

  private async seenHead(): Promise<Head | null> {
    try {
      const stored = await this.credentials.load(headAccount(this.team.settings));
      return stored?.seq && stored.hash ? { seq: Number(stored.seq), hash: stored.hash } : null;
    } catch {
      return null; // No keychain: the server's head still vouches for the copy; nothing more is known.
    }
  }

  private async keepHead(head: Head): Promise<void> {
    await this.credentials.save(headAccount(this.team.settings), { seq: String(head.seq), hash: head.hash }).catch(() => undefined);
  }
}
