/**
 * Operators for tests that drive the real services: an admin (every role), a maker (prepares and sends) and two
 * checkers (approve, and send). Their passphrase hashes are computed once per test process (scrypt is deliberately
 * slow) and written through the operator store; `as` signs one of them in for the next calls.
 */
import type { OperatorRole } from '@shared/contract/model';
import type { Services } from '../../src-main/services';
import { hashPassphrase } from '../../src-main/workspace/passphrase';

export const TEAM = {
  admin: { name: 'Ada Admin', passphrase: 'ada-admin-passphrase', roles: ['preparer', 'approver', 'sender', 'admin'] as OperatorRole[] },
  maker: { name: 'Max Maker', passphrase: 'max-maker-passphrase', roles: ['preparer', 'sender'] as OperatorRole[] },
  checker: { name: 'Cleo Checker', passphrase: 'cleo-checker-passphrase', roles: ['approver', 'sender'] as OperatorRole[] },
  second: { name: 'Sam Second', passphrase: 'sam-second-passphrase', roles: ['approver'] as OperatorRole[] },
} as const;
export type Member = keyof typeof TEAM;

let hashes: Promise<Record<Member, string>> | null = null;
function teamHashes(): Promise<Record<Member, string>> {
  hashes ??= (async () => {
    const out = {} as Record<Member, string>;
    for (const member of Object.keys(TEAM) as Member[]) out[member] = await hashPassphrase(TEAM[member].passphrase);
    return out;
  })();
  return hashes;
}

const ids = new WeakMap<Services, Record<Member, string>>();

/** Adds the team to a workspace (once) and signs the admin in. */
export async function seedTeam(services: Services): Promise<Record<Member, string>> {
  const hash = await teamHashes();
  const now = new Date().toISOString();
  const records = (Object.keys(TEAM) as Member[]).map((member) => ({
    id: `op-${member}`,
    name: TEAM[member].name,
    roles: [...TEAM[member].roles],
    passphraseHash: hash[member],
    isDemo: false,
    now,
  }));
  // Idempotent: a test that restarts the services on the same data directory finds its team there already.
  services.operatorStore.add(
    records.filter((r) => !services.operatorStore.get(r.id)),
    [],
  );
  const map = Object.fromEntries(records.map((r, i) => [(Object.keys(TEAM) as Member[])[i], r.id])) as Record<Member, string>;
  ids.set(services, map);
  as(services, 'admin');
  return map;
}

/** Signs this member of the team in (as if they had typed their passphrase) for what follows. */
export function as(services: Services, member: Member): void {
  const map = ids.get(services);
  if (!map) throw new Error('seedTeam first');
  services.session.adopt(map[member]);
}

export const passphraseOf = (member: Member) => TEAM[member].passphrase;
