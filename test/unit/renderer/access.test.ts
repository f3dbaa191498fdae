/**
 * The renderer offers an action only when the operator's roles allow it, reading the table main enforces
 * (src-shared/contract/access.ts); these are the one-line reasons it shows otherwise.
 */
import { describe, expect, it } from 'vitest';
import { roleFor } from '@shared/contract/access';
import { mayRun, missingRoleReason, rolesText } from '../../../src-renderer/src/lib/access';

describe('roles in the renderer', () => {
  it('come from the one table main enforces', () => {
    expect(roleFor('payouts.send')).toBe('sender');
    expect(roleFor('approvals.approve')).toBe('approver');
    expect(roleFor('payouts.list')).toBeNull();
    expect(roleFor('session.signIn')).toBeNull();
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
    // Operations any signed-in operator may call need only a session; public ones not even that.
    expect(mayRun({ ...bob, roles: [...bob.roles] }, 'payouts.checkPayee')).toBe(true);
    expect(mayRun(null, 'payouts.checkPayee')).toBe('Sign in first.');
    expect(mayRun(null, 'app.info')).toBe(true);
  });
});
