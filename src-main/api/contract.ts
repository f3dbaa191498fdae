/**
 * The one IPC contract. Every operation the renderer may call is declared here with its input schema and
 * result type; every event main may push is declared with its payload type. Main validates inputs against
 * these schemas; the preload exposes exactly these names; the renderer's client is typed from them.
 */
import { z } from 'zod';
import { providerCatalog, findAuthMode } from '../providers/catalog';
import {
  environments, payoutStatuses, providerIds, syncResources,
  type AppInfo, type AuditEvent, type AuditVerification, type CampaignRow, type Connection, type CreatorRow,
  type PayoutRow, type ProviderId, type Settings, type SyncResource,
} from './model';
import type { ProviderCapabilities } from '../providers/provider';

export * from './model';
export * from '../payouts/model';
export * from '../insights/model';
export { providerCatalog } from '../providers/catalog';
export type { ProviderInfo, AuthMode, CredentialField } from '../providers/catalog';
export type { ProviderCapabilities, Capability } from '../providers/provider';

import { op, none } from './operation';
import { payoutOperations } from '../payouts/operations';
import { insightOperations } from '../insights/operations';

const id = z.string().trim().min(1, 'Required').max(100);
const label = z.string().trim().min(1, 'Give the connection a name.').max(80, 'Keep the name under 80 characters.');
const httpUrl = z
  .string()
  .trim()
  .refine((v) => {
    try {
      const url = new URL(v);
      return (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password;
    } catch {
      return false;
    }
  }, 'Enter a full http(s) URL without user name or password, e.g. https://api.example.com/v1');

const connectionFields = {
  label,
  environment: z.enum(environments),
  baseUrl: httpUrl.optional(),
  authMode: z.string().min(1),
  credentials: z.record(z.string(), z.string().max(10_000)),
};

/** Cross-field rules shared by add and update: the auth mode must exist, fields must be filled, URLs known. */
function checkConnection(
  value: { provider: (typeof providerIds)[number]; environment: string; baseUrl?: string | undefined; authMode: string; credentials?: Record<string, string> | undefined },
  ctx: z.RefinementCtx,
  requireSecrets: boolean,
) {
  const info = providerCatalog[value.provider];
  const mode = findAuthMode(value.provider, value.authMode);
  if (!mode) {
    ctx.addIssue({ code: 'custom', path: ['authMode'], message: `${info.name} has no sign-in method "${value.authMode}".` });
    return;
  }
  if (mode.environments && !mode.environments.includes(value.environment as never)) {
    ctx.addIssue({ code: 'custom', path: ['authMode'], message: `${mode.label} cannot be used in ${value.environment}.` });
  }
  if (value.environment === 'custom' || value.environment === 'simulator') {
    if (!value.baseUrl) ctx.addIssue({ code: 'custom', path: ['baseUrl'], message: 'Enter the base URL.' });
  } else if (!info.baseUrls[value.environment as 'production' | 'sandbox']) {
    ctx.addIssue({
      code: 'custom', path: ['environment'],
      message: `${info.name} publishes no ${value.environment} address; choose "custom" and enter the base URL you were given.`,
    });
  }
  const credentials = value.credentials ?? {};
  for (const key of Object.keys(credentials)) {
    if (!mode.fields.some((f) => f.key === key)) {
      ctx.addIssue({ code: 'custom', path: ['credentials', key], message: `Unexpected field "${key}".` });
    }
  }
  for (const field of mode.fields) {
    const given = credentials[field.key]?.trim() ?? '';
    if (field.required && !given && (requireSecrets || !field.secret)) {
      ctx.addIssue({ code: 'custom', path: ['credentials', field.key], message: `${field.label} is required.` });
    }
  }
}

const connectionAdd = z
  .object({ provider: z.enum(providerIds), ...connectionFields })
  .strict()
  .superRefine((v, ctx) => checkConnection(v, ctx, true));

/** On update, secret fields left empty keep the stored secret; non-secret fields must be re-sent. */
const connectionUpdate = z
  .object({ id, provider: z.enum(providerIds), ...connectionFields })
  .strict()
  .superRefine((v, ctx) => checkConnection(v, ctx, false));

const payoutSortColumns = ['createdAt', 'amount', 'status', 'creator', 'connection', 'currency', 'updatedAt', 'reference'] as const;
const amountText = z.string().trim().regex(/^\d+(\.\d+)?$/, 'Use digits with an optional dot, e.g. 100.50').optional();

export const payoutListInput = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    cursor: z.string().max(500).optional(),
    sort: z.object({ column: z.enum(payoutSortColumns), direction: z.enum(['asc', 'desc']) }).strict().default({ column: 'createdAt', direction: 'desc' }),
    filters: z
      .object({
        connectionIds: z.array(id).max(100).optional(),
        providers: z.array(z.enum(providerIds)).optional(),
        statuses: z.array(z.enum(payoutStatuses)).optional(),
        currencies: z.array(z.string().regex(/^[A-Z]{3}$/, 'Currency codes are three capital letters')).max(50).optional(),
        createdFrom: z.iso.date().optional(),
        createdTo: z.iso.date().optional(),
        campaignId: z.number().int().positive().optional(),
        creatorId: z.number().int().positive().optional(),
        minAmount: amountText,
        maxAmount: amountText,
        search: z.string().max(200).optional(),
      })
      .strict()
      .refine((f) => !f.createdFrom || !f.createdTo || f.createdFrom <= f.createdTo, {
        message: 'The start date is after the end date.', path: ['createdTo'],
      })
      .default({}),
  })
  .strict();
export type PayoutListInput = z.input<typeof payoutListInput>;

export const auditListInput = z
  .object({
    limit: z.number().int().min(1).max(500).default(100),
    beforeSeq: z.number().int().positive().optional(),
    action: z.string().max(100).optional(),
    subject: z.string().max(200).optional(),
    actor: z.string().max(200).optional(),
    from: z.iso.date().optional(),
    to: z.iso.date().optional(),
  })
  .strict()
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'The start date is after the end date.', path: ['to'] });

export interface Page<T> {
  rows: T[];
  nextCursor: string | null;
}

export interface ConnectionTestResult {
  ok: boolean;
  message: string;
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

export const contract = {
  'app.info': op(none).returns<AppInfo>(),
  'settings.get': op(none).returns<Settings>(),
  'settings.update': op(z.object({ operatorName: z.string().trim().min(1, 'Enter your name.').max(80) }).strict()).returns<Settings>(),

  'connections.list': op(none).returns<Connection[]>(),
  'connections.add': op(connectionAdd).returns<Connection>(),
  'connections.update': op(connectionUpdate).returns<Connection>(),
  'connections.remove': op(z.object({ id }).strict()).returns<{ removed: true }>(),
  'connections.test': op(z.object({ id }).strict()).returns<ConnectionTestResult>(),

  'workspace.createDemo': op(none).returns<DemoWorkspaceResult>(),

  /** What each provider's API lets Paydesk do; a string says why an action is not offered. */
  'providers.capabilities': op(none).returns<Record<ProviderId, ProviderCapabilities>>(),
  /** Starts a sync of one connection, or of all when no id is given; progress arrives as syncProgress events. */
  'sync.start': op(z.object({ connectionId: id.optional() }).strict()).returns<{ started: string[] }>(),
  'sync.cancel': op(z.object({ connectionId: id }).strict()).returns<{ cancelled: boolean }>(),

  'payouts.list': op(payoutListInput).returns<Page<PayoutRow>>(),
  'creators.list': op(z.object({ search: z.string().max(200).optional(), connectionId: id.optional(), limit: z.number().int().min(1).max(500).default(200) }).strict()).returns<CreatorRow[]>(),
  'campaigns.list': op(z.object({ connectionId: id.optional(), limit: z.number().int().min(1).max(500).default(200) }).strict()).returns<CampaignRow[]>(),

  'audit.list': op(auditListInput).returns<AuditEvent[]>(),
  'audit.verify': op(none).returns<AuditVerification>(),
  'audit.export': op(z.object({ format: z.enum(['csv', 'jsonl']) }).strict()).returns<ExportFile>(),

  /** CSV of the payouts matching the table's filters and sort, with a totals row per currency. */
  'payouts.exportCsv': op(payoutListInput.omit({ cursor: true, limit: true })).returns<ExportFile & { rows: number; truncated: boolean }>(),

  ...payoutOperations,
  ...insightOperations,
} as const;

export type Contract = typeof contract;
export type OperationName = keyof Contract;
export type OperationInput<K extends OperationName> = z.input<Contract[K]['input']>;
export type ParsedInput<K extends OperationName> = z.output<Contract[K]['input']>;
export type OperationResult<K extends OperationName> = Contract[K]['result'];
export const operationNames = Object.keys(contract) as OperationName[];

/** Events pushed from main to the renderer. */
export interface EventPayloads {
  /** Something in the cache changed; views showing that scope should reload. */
  dataChanged: { scopes: Array<'connections' | 'payouts' | 'creators' | 'campaigns' | 'audit' | 'settings'> };
  syncProgress: { connectionId: string; resource: SyncResource; fetched: number; done: boolean; error: string | null };
  /** A sync run of one connection ended (completed, failed or cancelled). */
  syncFinished: { connectionId: string; cancelled: boolean; errors: string[] };
  /** A payout's unified or provider status changed (sender, reconciler, poller, cancel). */
  payoutStatusChanged: import('../payouts/model').PayoutStatusChange;
}
export type EventName = keyof EventPayloads;
export const eventNames: EventName[] = ['dataChanged', 'syncProgress', 'syncFinished', 'payoutStatusChanged'];
export const syncResourceNames = syncResources;

/** The shape both bridges (Electron preload and the browser host client) give the renderer. */
export type PaydeskBridge = {
  [K in OperationName]: (input?: OperationInput<K>) => Promise<import('./model').Envelope<OperationResult<K>>>;
} & {
  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void;
};

/** Channel names used by the Electron binding; the browser host sends the operation name in its frame. */
export const ipcChannel = (name: OperationName) => `paydesk:${name}`;
export const ipcEventChannel = (name: EventName) => `paydesk-event:${name}`;
