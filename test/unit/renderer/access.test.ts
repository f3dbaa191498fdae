/**
 * The renderer offers an action only when the operator's roles allow it; main decides (src-main/api/access.ts).
 * The renderer's table must name the same role for every operation it gates, or it would offer what main refuses
 * (or hide what main allows).
 */
import { describe, expect, it } from 'vitest';
import { operationAccess } from '../../../src-main/api/access';
import { mayRun, missingRoleReason, requiredRole, rolesText, type GatedOperation } from '../../../src-renderer/src/lib/access';

describe('roles in the renderer', () => {
  it('name the same role main requires, for every operation the UI gates', () => {
    for (const [operation, role] of Object.entries(requiredRole))
      expect([operation, operationAccess[operation as GatedOperation]]).toEqual([operation, role]);
  });

  it('gate every operation main reserves for a role', () => {
    const reserved = Object.entries(operationAccess)
      .filter(([, access]) => access !== 'public' && access !== 'signed-in')
      .map(([operation]) => operation)
      .sort();
    expect(Object.keys(requiredRole).sort()).toEqual(reserved);
  });

  it('allow what a role holds and say in one line why not otherwise', () => {
    const bob = { name: 'Bob', roles: ['approver', 'sender'] as const };
    expect(mayRun({ ...bob, roles: [...bob.roles] }, 'payouts.send')).toBe(true);
    expect(mayRun({ ...bob, roles: [...bob.roles] }, 'payouts.redraft')).toBe('This needs the preparer role; Bob is approver and sender.');
    expect(mayRun(null, 'policy.update')).toBe('Sign in first.');
    expect(missingRoleReason({ name: 'Carol', roles: ['admin', 'approver', 'sender'] }, 'preparer')).toBe(
      'This needs the preparer role; Carol is admin, approver and sender.',
    );
    expect(rolesText([])).toBe('without a role');
  });
});
