/**
 * The names of every operation and event, as plain values. The preload and the renderer's browser bridge need
 * them at run time; this file imports nothing, so they do not pull the schemas (and zod) into their bundles.
 * index.ts checks at compile time that this list and the contract declare exactly the same operations.
 */
export const operationNames = [
  'app.info',
  'team.status',
  'team.configure',
  'team.signIn',
  'team.signOut',
  'team.setUpSchema',
  'team.shareConnection',
  'team.moveSoloWorkspace',
  'settings.get',
  'settings.update',
  'connections.list',
  'connections.add',
  'connections.update',
  'connections.remove',
  'connections.test',
  'connections.purgePreview',
  'connections.purge',
  'workspace.createDemo',
  'workspace.leaveDemo',
  'providers.catalog',
  'sync.start',
  'sync.cancel',
  'sync.setAside',
  'payouts.list',
  'creators.list',
  'campaigns.list',
  'audit.list',
  'audit.verify',
  'audit.export',
  'payouts.exportCsv',
  'files.part',
  'overview.get',
  'creators.people',
  'creators.person',
  'campaigns.summary',
  'audit.forSubject',
  'payouts.get',
  'payouts.createDraft',
  'payouts.updateDraft',
  'payouts.deleteDraft',
  'payouts.importTemplate',
  'payouts.importPreview',
  'payouts.importCommit',
  'approvals.queue',
  'approvals.summary',
  'approvals.approve',
  'approvals.reject',
  'payouts.send',
  'payouts.sendReadiness',
  'payouts.reconcile',
  'payouts.refreshStatus',
  'payouts.timeline',
  'payouts.cancel',
  'payouts.checkPayee',
  'payouts.usePayeeName',
  'attention.list',
  'policy.get',
  'policy.update',
  'payouts.redraft',
  'payouts.dismiss',
  'session.status',
  'session.signIn',
  'session.signOut',
  'session.unlock',
  'session.lock',
  'session.touch',
  'operators.list',
  'operators.createFirst',
  'operators.create',
  'operators.update',
  'operators.changePassphrase',
  'operators.resetPassphrase',
  'app.logFolder',
  'backups.list',
  'backups.create',
  'backups.restore',
] as const;

export type OperationName = (typeof operationNames)[number];

export const eventNames = ['dataChanged', 'syncProgress', 'syncFinished', 'payoutStatusChanged', 'taskProgress'] as const;

/** The long reads that report their progress (taskProgress events). */
export const progressTasks = ['payouts.exportCsv', 'audit.verify'] as const;
export type ProgressTask = (typeof progressTasks)[number];
export type EventName = (typeof eventNames)[number];

export function isOperationName(value: unknown): value is OperationName {
  return typeof value === 'string' && (operationNames as readonly string[]).includes(value);
}

export function isEventName(value: unknown): value is EventName {
  return typeof value === 'string' && (eventNames as readonly string[]).includes(value);
}

/** Channel names used by the Electron binding; the browser host sends the operation name in its frame. */
export const ipcChannel = (name: OperationName) => `paydesk:${name}`;
export const ipcEventChannel = (name: EventName) => `paydesk-event:${name}`;
