/**
 * What the signed-in operator's roles allow, so the UI offers only those actions (or says in one line why not).
 * The roles come from the table main enforces on every call (src-shared/contract/access.ts), so the UI never offers
 * what main refuses, nor hides what it allows.
 */
import { operationAccess, roleFor } from '@shared/contract/access';
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

/** true when the operation is open to this operator (signed in, with the role it needs), else why not. */
export function mayRun(operator: Pick<Operator, 'name' | 'roles'> | null, operation: OperationName): true | string {
  const role = roleFor(operation);
  if (role === null) return operator || operationAccess[operation] === 'public' ? true : 'Sign in first.';
  return operator?.roles.includes(role) ? true : missingRoleReason(operator, role);
}
