/**
 * Contract operations of operators and their sessions: sign in, lock and unlock, the first admin, operators managed
 * by admins. Spread into the contract (index.ts). Passphrases travel only from the renderer to main, never back.
 */
import { z } from 'zod';
import { operatorRoles, type Operator, type SessionStatus } from './model';
import { idText } from './fields';
import { none, op } from './operation';

/** At least 10 characters; checked here for shape, again in main. */
export const passphrase = z
  .string({ error: 'Enter the passphrase.' })
  .min(1, 'Enter the passphrase.')
  .max(1_000, 'Keep the passphrase under 1,000 characters.');
const newPassphrase = passphrase.refine((p) => p.length >= 10, 'Use at least 10 characters for a passphrase.');
const operatorName = z.string({ error: 'Enter a name.' }).trim().min(1, 'Enter a name.').max(80, 'Keep the name under 80 characters.');
const operatorId = idText('the operator id');
const roles = z
  .array(z.enum(operatorRoles, { error: 'Roles are preparer, approver, sender and admin.' }))
  .min(1, 'Give the operator at least one role.')
  .max(4, 'An operator has at most the four roles.');

export const operatorOperations = {
  /** Who is signed in, whether the desk is locked, whether the workspace still needs its first admin. */
  'session.status': op(none).reads<SessionStatus>(),
  'session.signIn': op(z.object({ name: operatorName, passphrase }).strict()).returns<SessionStatus>(),
  'session.signOut': op(none).returns<SessionStatus>(),
  /** After the idle lock: the signed-in operator's passphrase opens the desk again. */
  'session.unlock': op(z.object({ passphrase }).strict()).returns<SessionStatus>(),
  /** "Lock now": the operator stays signed in, and only their passphrase opens the desk again. */
  'session.lock': op(none).returns<SessionStatus>(),
  /** The operator is at the keyboard (sent by the window on input, at most every few seconds). */
  'session.touch': op(none).returns<{ ok: true }>(),

  'operators.list': op(none).reads<Operator[]>(),
  /** Only while the workspace has no operator at all: the first admin. */
  'operators.createFirst': op(z.object({ name: operatorName, passphrase: newPassphrase }).strict()).returns<SessionStatus>(),
  'operators.create': op(z.object({ name: operatorName, passphrase: newPassphrase, roles }).strict()).returns<Operator>(),
  'operators.update': op(
    z.object({ id: operatorId, name: operatorName.optional(), roles: roles.optional(), disabled: z.boolean().optional() }).strict(),
  ).returns<Operator>(),
  'operators.changePassphrase': op(z.object({ current: passphrase, next: newPassphrase }).strict()).returns<{ changed: true }>(),
  'operators.resetPassphrase': op(z.object({ id: operatorId, passphrase: newPassphrase }).strict()).returns<{ changed: true }>(),
} as const;
