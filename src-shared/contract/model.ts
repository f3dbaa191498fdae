/**
 * Domain types that cross the IPC boundary. Pure TypeScript: imported by main, preload and renderer, so nothing
 * here may touch Node, Electron or the DOM.
 */

/**
 * A provider's id as its module declares it (src-main/providers/registry.ts lists them). The contract does not
 * enumerate them: which providers exist is the registry's business, and main checks every id it receives.
 */
export type ProviderId = string;

export const environments = ['production', 'sandbox', 'simulator', 'custom'] as const;
export type Environment = (typeof environments)[number];

/** Unified payout status (docs/design.md); the provider's own status is always kept beside it. */
export const payoutStatuses = [
  'draft',
  /**
   * A draft that exists only at the provider (made in its dashboard, never through Paydesk): not Paydesk's to approve
   * or send, not in the approval queue, not waiting for our approval; the provider module says what it allows
   * (docs/decisions/0011-provider-side-drafts.md).
   */
  'provider_draft',
  'approved',
  'sending',
  'submitted',
  'processing',
  'paid',
  'rejected',
  'failed',
  'cancelled',
  'expired',
  'returned',
  'unknown',
] as const;
export type PayoutStatus = (typeof payoutStatuses)[number];

/** Statuses a payout never leaves: nothing is left to send, poll or cancel. */
export const terminalPayoutStatuses: readonly PayoutStatus[] = ['paid', 'rejected', 'failed', 'cancelled', 'expired', 'returned'];

/**
 * A provider reporting a payout in flight again (processing, submitted…) after a final status Paydesk holds (paid,
 * expired…). Never applied quietly: the final status is kept and the regression shown. One final status after
 * another (paid, then returned) is real news and is applied.
 */
export function isStatusRegression(current: PayoutStatus, reported: PayoutStatus): boolean {
  return terminalPayoutStatuses.includes(current) && !terminalPayoutStatuses.includes(reported);
}

export const syncResources = ['creators', 'campaigns', 'payouts'] as const;
export type SyncResource = (typeof syncResources)[number];

export interface AmountDto {
  /** Integer minor units. */
  minor: number;
  currency: string;
}

export interface ResourceSyncState {
  resource: SyncResource;
  lastSyncedAt: string | null;
  lastError: string | null;
  itemCount: number;
  /** Items the provider returned that Paydesk could not read or store, set aside (`sync.setAside` lists them). */
  setAside: number;
}

/** An item a sync set aside: the rest of its page was stored, this one was not. */
export interface SetAsideItem {
  connectionId: string;
  resource: SyncResource;
  /** The provider's id of the item, when it could be read. */
  remoteId: string | null;
  reason: string;
  /** When it was (last) set aside. */
  at: string;
  /** The sync run that set it aside. */
  runId: string;
}

export interface Connection {
  id: string;
  provider: ProviderId;
  label: string;
  environment: Environment;
  baseUrl: string;
  authMode: string;
  isDemo: boolean;
  /** When it was removed: archived connections keep their history, are not synced and cannot send. */
  archivedAt: string | null;
  /** Non-secret credential fields (e.g. a client id) and a masked hint of the secret; never the secret itself. */
  publicFields: Record<string, string>;
  credentialHint: string | null;
  createdAt: string;
  updatedAt: string;
  sync: ResourceSyncState[];
}

export interface PayoutRow {
  id: number;
  connectionId: string;
  connectionLabel: string;
  provider: ProviderId;
  remoteId: string | null;
  /** Paydesk's own reference: unique; "remote:…" for a payout made outside Paydesk. */
  clientReference: string;
  /** The provider's reference field as the provider returns it (e.g. the agency's "INV-2025-001"), if any. */
  providerReference: string | null;
  creatorName: string | null;
  creatorEmail: string | null;
  creatorHandle: string | null;
  /** The payee's phone, where that is how the provider pays (and no name is known). */
  creatorPhone: string | null;
  campaignName: string | null;
  amount: AmountDto;
  description: string | null;
  status: PayoutStatus;
  providerStatus: string | null;
  createdAt: string;
  /**
   * The provider gives no creation time: `createdAt` is when Paydesk first saw the payout. Show it as
   * "first seen …", not as the payout's date.
   */
  createdAtFirstSeen: boolean;
  /** When the provider says the money reached the payee, where its API tells. */
  paidAt: string | null;
  updatedAt: string;
}

export interface CreatorRow {
  id: number;
  connectionId: string;
  provider: ProviderId;
  remoteId: string;
  name: string | null;
  email: string | null;
  handle: string | null;
  platform: string | null;
  payoutCount: number;
}

export interface CampaignRow {
  id: number;
  connectionId: string;
  provider: ProviderId;
  remoteId: string;
  name: string;
  status: string | null;
  payoutCount: number;
}

export interface AuditEvent {
  seq: number;
  at: string;
  /** The operator's display name when the event was written (or what acted: "Paydesk (status poller)"). */
  actor: string;
  /** The operator's stable id; null for Paydesk's own background work and for events from before operators. */
  actorId: string | null;
  osUser: string | null;
  host: string | null;
  action: string;
  subject: string;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
  /** HMAC-SHA-256 under the workspace's audit key (kept in the keychain only); null where no key existed. */
  mac: string | null;
}

/** What Verify found; `kind` says how the trail was broken. */
export type AuditBreak = 'changed' | 'missing' | 'forged' | 'truncated' | 'unreadable' | 'guards_removed' | 'key_missing';

export type AuditVerification =
  /** Every event chains and matches its MAC, and the chain head kept outside the database matches. */
  | {
      intact: true;
      anchored: true;
      checked: number;
      anchoredThrough: number;
      /** Absent: this desktop's keychain (key and head). 'team-database': the team database's trail and the heads seen. */
      anchoredBy?: 'team-database';
    }
  /** The chain holds, but nothing outside the database vouches for it (why: no keychain, events older than the key). */
  | { intact: true; anchored: false; checked: number; reason: string }
  | { intact: false; anchored: boolean; checked: number; brokenSeq: number; kind: AuditBreak; reason: string };

export interface KeychainStatus {
  available: boolean;
  message: string | null;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  dataDir: string;
  osUser: string;
  /** The signed-in operator's display name; empty when nobody is signed in. */
  operatorName: string;
  keychain: KeychainStatus;
  workspaceEmpty: boolean;
  demoWorkspace: boolean;
}

export interface Settings {
  /** Minutes without input after which the desk locks and asks for the passphrase again. */
  idleLockMinutes: number;
  /** Backups older than this many days are removed (the newest is always kept). */
  backupRetentionDays: number;
}

export const DEFAULT_BACKUP_RETENTION_DAYS = 14;

export type BackupKind = 'daily' | 'pre-migration' | 'pre-restore' | 'manual';

export interface BackupInfo {
  /** File name in the data folder's backups/ folder; what backups.restore takes. */
  name: string;
  kind: BackupKind;
  createdAt: string;
  sizeBytes: number;
}

export interface RestoreResult {
  restored: string;
  /** The backup Paydesk made of the database the restore replaced. */
  replacedKeptAs: string;
  /** Events of the backup's audit trail that verified before it was restored. */
  auditEventsVerified: number;
  /** Payouts handed to the sender after the backup was made whose send state the restore kept. */
  sendStateCarriedOver: number;
}

export type ApiErrorCode =
  | 'INVALID_INPUT'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'KEYCHAIN_UNAVAILABLE'
  | 'DATABASE'
  | 'PROVIDER'
  | 'FORBIDDEN'
  /** Nobody is signed in, or the desk locked itself after idle time: sign in (or unlock) and try again. */
  | 'UNAUTHENTICATED'
  | 'UNKNOWN_OPERATION'
  | 'INTERNAL';

export interface ApiErrorBody {
  code: ApiErrorCode;
  message: string;
  /** Field-level problems for forms: path (e.g. "credentials.apiKey") → message. */
  fieldErrors?: Record<string, string>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ApiErrorBody };

export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
}

export interface PurgePreview {
  connectionId: string;
  payouts: number;
  creators: number;
  campaigns: number;
  /** Payouts Paydesk sent through this connection: while there are any, nothing is deleted. */
  sentByPaydesk: number;
  /** null when the purge may go ahead; otherwise why not. */
  refusal: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
}

/** What leaving the demo removed: its connections, their (simulated) payouts, and every operator. */
export interface LeaveDemoResult {
  connections: number;
  payouts: number;
  operators: number;
}

export interface DemoWorkspaceResult {
  connections: number;
  creators: number;
  campaigns: number;
  payouts: number;
}

export interface ExportFile {
  fileName: string;
  mimeType: string;
  content: string;
}

/**
 * An export main has made and holds for a few minutes: the renderer fetches its text part by part (`files.part`,
 * parts 0 to parts - 1) and saves it, so no single reply carries a whole large file.
 */
export interface PreparedFile {
  fileName: string;
  mimeType: string;
  downloadId: string;
  parts: number;
  /** The file's size in UTF-8 bytes, all parts together. */
  bytes: number;
}

export const operatorRoles = ['preparer', 'approver', 'sender', 'admin'] as const;
/** preparer: draft and import; approver: approve and reject; sender: send and follow up; admin: connections, policy, operators. */
export type OperatorRole = (typeof operatorRoles)[number];

export interface Operator {
  id: string;
  name: string;
  roles: OperatorRole[];
  disabled: boolean;
  isDemo: boolean;
  createdAt: string;
}

export interface SessionStatus {
  /** setup: the workspace has no operator yet; locked: idle too long, the passphrase unlocks it. */
  state: 'setup' | 'signed-out' | 'locked' | 'signed-in';
  operator: Operator | null;
  idleLockMinutes: number;
  /** The demo workspace's operators and their passphrases, shown on the sign-in screen (demo only). */
  demoOperators: Array<{ name: string; passphrase: string; roles: OperatorRole[] }> | null;
}
