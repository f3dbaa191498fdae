/**
 * The demo workspace's operators, so that a new user can try four eyes at once: Alice drafts, Bob and Carol approve,
 * Bob sends, Carol administers. Their passphrases are shown on the sign-in screen of the demo workspace only; no real
 * money moves in the demo (its connections talk to local simulators).
 */
import type { DemoOperator } from './session';

export const DEMO_OPERATORS: DemoOperator[] = [
  { name: 'Alice', passphrase: 'alice-demo-passphrase', roles: ['preparer', 'approver'] },
  { name: 'Bob', passphrase: 'bob-demo-passphrase', roles: ['approver', 'sender'] },
  { name: 'Carol', passphrase: 'carol-demo-passphrase', roles: ['admin', 'approver'] },
];
