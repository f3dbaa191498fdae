/**
 * What the signed-in operator's roles allow, so the UI offers only those actions (or says in one line why not).
 * Main checks every call anyway (src-main/api/access.ts); this table repeats its roles for the operations the UI
 * offers as actions, and test/unit/renderer/access.test.ts keeps the two the same.
 */
import type { OperationName, Operator, OperatorRole } from '@shared/contract';

export const roleLabels: Record<OperatorRole, string> = {
  preparer: 'Preparer',
  approver: 'Approver',
  sender: 'Sender',
  admin: 'Admin',
};

export const roleDescriptions: Record<OperatorRole, string> = {
  preparer: 'drafts and imports payouts',
  approver: 'approves and rejects drafts',
  sender: 'sends payouts and follows them up',
  admin: 'manages connections, the policy and operators',
};

export const requiredRole = {
  'payouts.createDraft': 'preparer',
  'payouts.updateDraft': 'preparer',
  'payouts.deleteDraft': 'preparer',
  'payouts.importPreview': 'preparer',
  'payouts.importCommit': 'preparer',
  'payouts.redraft': 'preparer',
  'payouts.usePayeeName': 'preparer',
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
  'backups.create': 'admin',
  'backups.restore': 'admin',
  'team.configure': 'admin',
  'team.shareConnection': 'admin',
  'team.moveSoloWorkspace': 'admin',
} as const satisfies Partial<Record<OperationName, OperatorRole>>;

export type GatedOperation = keyof typeof requiredRole;

/** "preparer and approver" */
export function rolesText(roles: readonly OperatorRole[]): string {
  if (roles.length <= 1) return roles[0] ?? 'without a role';
  return `${roles.slice(0, -1).join(', ')} and ${roles[roles.length - 1]}`;
}

/** Why this operator may not do what needs this role, in one line. */
export function missingRoleReason(operator: Pick<Operator, 'name' | 'roles'> | null, role: OperatorRole): string {
  if (!operator) return 'Sign in first.';
  return `This needs the ${role} role; ${operator.name} is ${rolesText(operator.roles)}.`;
}

/** true when the operator's roles allow the operation, else why not. */
export function mayRun(operator: Pick<Operator, 'name' | 'roles'> | null, operation: GatedOperation): true | string {
  const role = requiredRole[operation];
  return operator?.roles.includes(role) ? true : missingRoleReason(operator, role);
}
