/**
 * The one IPC contract. Every operation the renderer may call is declared here with its input schema and result
 * type; every event main may push is declared with its payload type. Main validates every input against these
 * schemas (src-main/api/dispatcher.ts); the preload exposes exactly the names in names.ts; the renderer's client
 * is typed from them.
 *
 * The schemas check shape and size. Rules that need main's knowledge (which providers exist, what a provider's
 * sign-in needs, what is in the database) are checked by the services in main, which answer with field errors.
 * Renderer and preload import this file for types only; the values they need are in names.ts (no zod).
 */
import { z } from 'zod';
import {
  environments,
  payoutStatuses,
  type AppInfo,
  type AuditEvent,
  type AuditVerification,
  type BackupInfo,
  type CampaignRow,
  type Connection,
  type ConnectionTestResult,
  type CreatorRow,
  type DemoWorkspaceResult,
  type LeaveDemoResult,
  type Envelope,
  type PreparedFile,
  type Page,
  type PayoutRow,
  type PurgePreview,
  type RestoreResult,
  type SetAsideItem,
  type Settings,
  type SyncResource,
} from './model';
import { boundedText, days, idText, isoDate, rowLimit } from './fields';
import { op, none } from './operation';
import type { ProviderInfo } from './providers';
import { payoutOperations } from './payouts';
import { insightOperations } from './insights';
import { operatorOperations } from './operators';
import { teamOperations } from './team';
import type { PayoutStatusChange } from './payouts-model';
import type { EventName, OperationName, ProgressTask } from './names';
import type { OperationSpec } from './operation';

export * from './model';
export * from './payouts-model';
export * from './insights-model';
export * from './providers';
export * from './names';
export type { SoloMoveResult, TeamSettingsView, TeamStatusView } from './team';

const id = idText('the id');
/** A provider id's shape; main checks that the registry has it. */
const providerId = z
  .string({ error: 'Choose a provider.' })
  .trim()
  .min(1, 'Choose a provider.')
  .max(40, 'Choose one of the providers Paydesk lists.')
  .regex(/^[a-z0-9-]+$/, 'Choose one of the providers Paydesk lists.');
/** Checked in main with the other connection rules, so that a form shows every problem at once. */
const label = boundedText(1_000, 'the name');

const connectionFields = {
  label,
  environment: z.enum(environments, { error: 'Choose an environment: production, sandbox or a custom base URL.' }),
  baseUrl: boundedText(2_000, 'the base URL').trim().optional(),
  authMode: z
    .string({ error: 'Choose a sign-in method.' })
    .trim()
    .min(1, 'Choose a sign-in method.')
    .max(40, 'Choose one of the sign-in methods the provider offers.'),
  credentials: z
    .record(boundedText(100, 'the field name'), boundedText(10_000, 'each sign-in field'), {
      error: 'The sign-in fields must be a list of names and values.',
    })
    .refine((r) => Object.keys(r).length <= 20, 'The form sent more sign-in fields than any provider has (at most 20).'),
};

const connectionAdd = z.object({ provider: providerId, ...connectionFields }).strict();
const connectionUpdate = z.object({ id, provider: providerId, ...connectionFields }).strict();

const payoutSortColumns = ['createdAt', 'amount', 'status', 'creator', 'connection', 'currency', 'updatedAt', 'reference'] as const;
const amountText = z
  .string({ error: 'Enter the amount as text.' })
  .trim()
  .max(40, 'Keep the amount to 40 characters or fewer.')
  .regex(/^\d+(\.\d+)?$/, 'Use digits with an optional dot, e.g. 100.50')
  .optional();

export const payoutListInput = z
  .object({
    limit: rowLimit(500, 100),
    cursor: boundedText(500, 'the page position').optional(),
    sort: z
      .object({
        column: z.enum(payoutSortColumns, { error: `Sort by one of: ${payoutSortColumns.join(', ')}.` }),
        direction: z.enum(['asc', 'desc'], { error: 'Sort ascending (asc) or descending (desc).' }),
      })
      .strict()
      .default({ column: 'createdAt', direction: 'desc' }),
    filters: z
      .object({
        connectionIds: z.array(id).max(100, 'Choose at most 100 connections.').optional(),
        providers: z.array(providerId).max(50, 'Choose at most 50 providers.').optional(),
        statuses: z
          .array(z.enum(payoutStatuses, { error: `Choose statuses among: ${payoutStatuses.join(', ')}.` }))
          .max(50, 'Choose at most 50 statuses.')
          .optional(),
        currencies: z
          .array(
            z
              .string({ error: 'Currency codes are three capital letters' })
              .max(3, 'Currency codes are three capital letters')
              .regex(/^[A-Z]{3}$/, 'Currency codes are three capital letters'),
          )
          .max(50, 'Choose at most 50 currencies.')
          .optional(),
        createdFrom: isoDate('the start date').optional(),
        createdTo: isoDate('the end date').optional(),
        campaignId: z.number({ error: 'Choose a campaign.' }).int('Choose a campaign.').positive('Choose a campaign.').optional(),
        creatorId: z.number({ error: 'Choose a creator.' }).int('Choose a creator.').positive('Choose a creator.').optional(),
        minAmount: amountText,
        maxAmount: amountText,
        search: boundedText(200, 'the search').optional(),
      })
      .strict()
      .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom <= f.createdTo, {
        message: 'The start date is after the end date.',
        path: ['createdTo'],
      })
      .default({}),
  })
  .strict();
export type PayoutListInput = z.input<typeof payoutListInput>;

/** Which audit trail: this desktop's own, or its team's; when absent, the team's in a team workspace. */
const auditTrail = z.enum(['team', 'desktop'], { error: 'Choose the team’s audit trail or this desktop’s.' }).optional();

export const auditListInput = z
  .object({
    trail: auditTrail,
    limit: rowLimit(500, 100),
    beforeSeq: z
      .number({ error: 'The page position must be a number.' })
      .int('The page position must be a whole number.')
      .positive('The page position must be above zero.')
      .optional(),
    action: boundedText(100, 'the action').optional(),
    subject: boundedText(200, 'the subject').optional(),
    actor: boundedText(200, 'the name of who acted').optional(),
    from: isoDate('the start date').optional(),
    to: isoDate('the end date').optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The start date is after the end date.', path: ['to'] });

export const contract = {
  'app.info': op(none).reads<AppInfo>(),
  'settings.get': op(none).reads<Settings>(),
  'settings.update': op(
    z
      .object({
        idleLockMinutes: z
          .number({ error: 'Enter the minutes as a whole number.' })
          .int('Enter the minutes as a whole number.')
          .min(1, 'Lock after at least 1 minute.')
          .max(24 * 60, 'Lock after at most 24 hours (1440 minutes).')
          .optional(),
        backupRetentionDays: days(1, 3650, 'keeping backups').optional(),
      })
      .strict()
      .refine((s) => s.idleLockMinutes !== undefined || s.backupRetentionDays !== undefined, 'Nothing to change.'),
  ).returns<Settings>(),
  /** The folder of the application log (Settings → Open log folder: the Electron shell opens it with shell.openPath). */
  'app.logFolder': op(none).reads<{ path: string }>(),

  /** Backups in the data folder's backups/ folder, newest first. */
  'backups.list': op(none).reads<BackupInfo[]>(),
  /** A backup now (online; the app keeps working). Audited. */
  'backups.create': op(none).returns<BackupInfo>(),
  /**
   * Replaces the database with a backup after its integrity and its audit trail verify; the replaced database is kept
   * as a backup. Audited (also when refused).
   */
  'backups.restore': op(
    z
      .object({
        name: idText('the backup name', 200).regex(/^[A-Za-z0-9._-]+$/, 'Not the name of a backup.'),
      })
      .strict(),
  ).returns<RestoreResult>(),

  'connections.list': op(none).reads<Connection[]>(),
  /** The fields a provider's sign-in needs are checked by main against the provider's module. */
  'connections.add': op(connectionAdd).returns<Connection>(),
  /** Secret fields left empty keep the stored secret; non-secret fields must be re-sent. */
  'connections.update': op(connectionUpdate).returns<Connection>(),
  /** Archives the connection: its payouts, creators, campaigns and audit events stay; its secret leaves the keychain. */
  'connections.remove': op(z.object({ id }).strict()).returns<{ archived: true }>(),
  /** What deleting an archived connection's cached data for good would delete (counts), or why it may not. */
  'connections.purgePreview': op(z.object({ id }).strict()).reads<PurgePreview>(),
  /** Deletes an archived connection's cached data for good; refused while it holds payouts Paydesk sent. */
  'connections.purge': op(z.object({ id, confirm: z.literal(true, { error: 'Confirm the deletion.' }) }).strict()).returns<PurgePreview>(),
  'connections.test': op(z.object({ id }).strict()).returns<ConnectionTestResult>(),

  'workspace.createDemo': op(none).returns<DemoWorkspaceResult>(),
  /** Leaves the demo for the agency's own workspace: its connections, payouts and operators go; the audit trail stays. */
  'workspace.leaveDemo': op(
    z.object({ confirm: z.literal(true, { error: 'Confirm that the demo’s connections, payouts and operators go.' }) }).strict(),
  ).returns<LeaveDemoResult>(),

  /** Every provider Paydesk knows, as its module declares it: name, sign-in, capabilities, draft rules. */
  'providers.catalog': op(none).reads<ProviderInfo[]>(),
  /** Starts a sync of one connection, or of all when no id is given; progress arrives as syncProgress events. */
  'sync.start': op(z.object({ connectionId: id.optional() }).strict()).returns<{ started: string[] }>(),
  'sync.cancel': op(z.object({ connectionId: id }).strict()).returns<{ cancelled: boolean }>(),
  /** Items the sync set aside (could not read or store), newest first; all connections when none is given. */
  'sync.setAside': op(z.object({ connectionId: id.optional(), limit: rowLimit(500, 200) }).strict()).returns<SetAsideItem[]>(),

  'payouts.list': op(payoutListInput).reads<Page<PayoutRow>>(),
  'creators.list': op(
    z.object({ search: boundedText(200, 'the search').optional(), connectionId: id.optional(), limit: rowLimit(500, 200) }).strict(),
  ).reads<CreatorRow[]>(),
  'campaigns.list': op(z.object({ connectionId: id.optional(), limit: rowLimit(500, 200) }).strict()).reads<CampaignRow[]>(),

  'audit.list': op(auditListInput).reads<AuditEvent[]>(),
  'audit.verify': op(z.object({ trail: auditTrail }).strict().optional()).reads<AuditVerification>(),
  'audit.export': op(
    z.object({ format: z.enum(['csv', 'jsonl'], { error: 'Export as csv or jsonl.' }), trail: auditTrail }).strict(),
  ).reads<PreparedFile>(),

  /** CSV of the payouts matching the table's filters and sort, with a totals row per currency. */
  'payouts.exportCsv': op(payoutListInput.omit({ cursor: true, limit: true })).reads<PreparedFile & { rows: number; truncated: boolean }>(),
  /** One part of an export (audit.export, payouts.exportCsv) waiting to be saved. */
  'files.part': op(
    z
      .object({
        downloadId: idText('the export'),
        part: z.number({ error: 'Give the part as a number.' }).int('Give the part as a whole number.').min(0).max(100_000),
      })
      .strict(),
  ).reads<{ content: string }>(),

  ...payoutOperations,
  ...insightOperations,
  ...operatorOperations,
  ...teamOperations,
} as const satisfies Record<OperationName, OperationSpec<z.ZodType, unknown>>;

// names.ts lists exactly the operations declared here: `satisfies` catches a missing one, this an extra one.
type UndeclaredInNames = Exclude<keyof typeof contract, OperationName>;
export const contractMatchesNames: [UndeclaredInNames] extends [never] ? true : UndeclaredInNames = true;

export type Contract = typeof contract;
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationResult<K extends OperationName> = Contract[K]['result'];

/** Events pushed from main to the renderer. */
export interface EventPayloads {
  /** Something in the cache changed; views showing that scope should reload. */
  dataChanged: { scopes: Array<'connections' | 'payouts' | 'creators' | 'campaigns' | 'audit' | 'settings' | 'session' | 'operators'> };
  syncProgress: { connectionId: string; resource: SyncResource; fetched: number; done: boolean; error: string | null };
  /** A sync run of one connection ended (completed, failed or cancelled); `setAside` items could not be stored. */
  syncFinished: { connectionId: string; cancelled: boolean; errors: string[]; setAside: number };
  /** A payout's unified or provider status changed (sender, reconciler, poller, cancel). */
  payoutStatusChanged: PayoutStatusChange;
  /**
   * A long read running off the thread that answers the UI (the payouts CSV export, audit Verify): `done` of `total`
   * items (null while not known); the last event of a run has `finished` and `done` equal to `total`.
   */
  taskProgress: { task: ProgressTask; done: number; total: number | null; finished: boolean };
}
type EventsMatchNames = [Exclude<keyof EventPayloads, EventName> | Exclude<EventName, keyof EventPayloads>] extends [never] ? true : false;
export const eventsMatchNames: EventsMatchNames = true;

/** The shape both bridges (Electron preload and the browser host client) give the renderer. */
export type PaydeskBridge = {
  [K in OperationName]: (input?: OperationInput<K>) => Promise<Envelope<OperationResult<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};
