/**
 * Who may call what: public (before anyone signs in), signed-in (any operator) or a role (an operator who holds it:
 * preparer drafts and imports, approver approves, sender sends and follows up, admin manages connections, policy and
 * operators). Main checks it on every call before the handler runs (src-main/api/service-dispatcher.ts), so a
 * modified renderer cannot skip it; the renderer reads the same table to offer only what the operator may do
 * (src-renderer/src/lib/access.ts). Pure data: every process may import it.
 */
import type { OperationName } from './names';
import type { OperatorRole } from './model';

export type Access = 'public' | 'signed-in' | OperatorRole;

export const operationAccess = {
  'app.info': 'public',
  'providers.catalog': 'public',
  'session.status': 'public',
  'session.signIn': 'public',
  'session.signOut': 'public',
  'session.unlock': 'public',
  'operators.createFirst': 'public',
  // Only a new, empty workspace can become the demo (src-main/workspace/demo-workspace.ts).
  'workspace.createDemo': 'public',
  // The team database checks the login itself; status says which workspace this desktop uses, before sign-in.
  'team.status': 'public',
  'team.signIn': 'public',
  'team.signOut': 'public',
  'team.setUpSchema': 'public',
  'team.configure': 'admin',
  'team.shareConnection': 'admin',
  'team.moveSoloWorkspace': 'admin',

  'session.touch': 'signed-in',
  'session.lock': 'signed-in',
  'settings.get': 'signed-in',
  'connections.list': 'signed-in',
  'connections.test': 'signed-in',
  'sync.start': 'signed-in',
  'sync.cancel': 'signed-in',
  'payouts.list': 'signed-in',
  'creators.list': 'signed-in',
  'campaigns.list': 'signed-in',
  'audit.list': 'signed-in',
  'audit.verify': 'signed-in',
  'audit.export': 'signed-in',
  'audit.forSubject': 'signed-in',
  'payouts.exportCsv': 'signed-in',
  'files.part': 'signed-in',
  'overview.get': 'signed-in',
  'creators.people': 'signed-in',
  'creators.person': 'signed-in',
  'campaigns.summary': 'signed-in',
  'payouts.get': 'signed-in',
  'payouts.timeline': 'signed-in',
  'payouts.importTemplate': 'signed-in',
  'payouts.sendReadiness': 'signed-in',
  'approvals.queue': 'signed-in',
  'approvals.summary': 'signed-in',
  'attention.list': 'signed-in',
  'policy.get': 'signed-in',
  'operators.list': 'signed-in',
  'operators.changePassphrase': 'signed-in',

  'payouts.createDraft': 'preparer',
  'payouts.updateDraft': 'preparer',
  'payouts.deleteDraft': 'preparer',
  'payouts.importPreview': 'preparer',
  'payouts.importCommit': 'preparer',
  'payouts.redraft': 'preparer',

  'approvals.approve': 'approver',
  'approvals.reject': 'approver',

  'payouts.send': 'sender',
  'payouts.reconcile': 'sender',
  'payouts.refreshStatus': 'sender',
  'payouts.cancel': 'sender',
  'payouts.dismiss': 'sender',

  'connections.add': 'admin',
  'connections.update': 'admin',
  'connections.remove': 'admin',
  'connections.purgePreview': 'admin',
  'connections.purge': 'admin',
  'settings.update': 'admin',
  'policy.update': 'admin',
  'operators.create': 'admin',
  'operators.update': 'admin',
  'operators.resetPassphrase': 'admin',
  'workspace.leaveDemo': 'admin',
  'app.logFolder': 'signed-in',
  'backups.list': 'signed-in',
  'backups.create': 'admin',
  'backups.restore': 'admin',
  'sync.setAside': 'signed-in',
  // The payee check reads the provider and records its outcome on the draft: whoever prepares or approves it.
  'payouts.checkPayee': 'signed-in',
  'payouts.usePayeeName': 'preparer',
} as const satisfies Record<OperationName, Access>;

/** The role an operation needs, or null when any signed-in operator (or anyone) may call it. */
export function roleFor(operation: OperationName): OperatorRole | null {
  const access: Access = operationAccess[operation];
  return access === 'public' || access === 'signed-in' ? null : access;
}
