/**
 * Over ten thousand generated calls across every operation of the contract, sent to the real browser host
 * (real services, real SQLite, the real keychain) in a process of its own. Inputs are built from each
 * operation's own schema — near-valid values with real ids, mixed with wrong types, missing and extra
 * fields, huge strings, NUL characters, prototype keys, deep nesting, numbers out of range, NaN-like strings
 * and negative amounts.
 *
 * For every refused call (ok: false) nothing may have been written: the database (data_version, counts and
 * max ids of every table, the last audit seq and hash) and the keychain entries must be as they were, with one
 * deliberate exception: a wrong passphrase (sign-in, unlock, step-up) is itself recorded, as one audit event of
 * its own kind and the operator's failure count, and nothing else. After every call the host must answer an
 * ordinary one, and the process must never exit. The calls come from a signed-in demo admin.
 */
import Database from 'better-sqlite3';
import fc from 'fast-check';
import keytar from 'keytar';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { z } from 'zod';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { contract, operationNames, type OperationName } from '@shared/contract';
import { providerCatalog } from '../../../src-main/providers/registry';
import { DATABASE_FILE } from '../../../src-main/storage/database';
import {
  connectClient,
  openStateProbe,
  startHostProcess,
  waitForQuiet,
  type Client,
  type HostProcess,
  type StateProbe,
} from './hostile-kit';

const CALLS_PER_OPERATION = 230;
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));

/**
 * Only refusals are sent to these: a successful call would start work in the background (so a later call could not
 * be judged) or, leaving the demo, take the whole workspace and its operators away from every later call.
 */
const ONLY_REFUSALS = new Set<OperationName>(['workspace.createDemo', 'sync.start', 'workspace.leaveDemo']);
/** Operations that may touch the keychain: its entries are compared around each of these calls. */
const keychainOperation = (op: OperationName) => op.startsWith('connections.');
/** Between those, the keychain is compared every so many calls (a read costs milliseconds). */
const KEYCHAIN_CHECK_EVERY = 250;
/** The demo admin the calls come from (src-main/workspace/demo-operators.ts). */
const ADMIN = { name: 'Carol', passphrase: 'carol-demo-passphrase' };
/** What a refused call with a wrong passphrase records, on purpose (src-main/workspace/session.ts). */
const RECORDED_REFUSALS = new Set(['session.sign_in_failed', 'session.passphrase_refused']);
/** Operations that end the session: sent last, after everything else had a signed-in operator to meet. */
const SESSION_ENDING = new Set<OperationName>([
  'session.signOut',
  'session.signIn',
  'session.unlock',
  'session.lock',
  'operators.createFirst',
]);
/** The shortest idle lock a call may set: a lock mid-run would be a write between calls, by the clock, not by a call. */
const SHORTEST_IDLE_LOCK_MINUTES = 30;

let host: HostProcess;
let client: Client;
let probe: StateProbe;

beforeAll(async () => {
  host = await startHostProcess();
  client = await connectClient(host);
  const demo = await client.call('workspace.createDemo', undefined, 60_000);
  if (!demo.ok) throw new Error(`demo workspace: ${demo.error.message}`);
  const signedIn = await client.call('session.signIn', ADMIN, 10_000);
  if (!signedIn.ok) throw new Error(`sign-in: ${signedIn.error.message}`);
  probe = openStateProbe(host);
  await waitForQuiet(probe);
}, 90_000);

afterAll(async () => {
  client?.close();
  probe?.close();
  await host?.stop();
});

// ---------------------------------------------------------------------------------------------------------
// Generators

const hostileStrings = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  'USD\u0000',
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'NaN',
  '-NaN',
  'Infinity',
  '-Infinity',
  '1e999',
  '-1',
  '-0.01',
  '-100.50',
  '0x1F',
  '1_000',
  '１２３',
  '٣٤',
  '9'.repeat(400),
  '0.000000001',
  '100.005',
  ' 100 ',
  '+5',
  'usd',
  'XXX',
  '2024-02-30',
  '9999-99-99',
  '../../etc/passwd',
  '%00',
  "'; DROP TABLE payouts; --",
  '" OR 1=1 --',
  '<img src=x onerror=alert(1)>',
  '${7*7}',
  '\uD800',
  '\uDFFF\uD800',
  '\u202Egnp.exe',
  'javascript:alert(1)',
  'https://u:p@evil.example/',
  'file:///etc/passwd',
  'NEAR(a b)',
  '"',
  '*',
];
const hostileString = fc.oneof(
  { arbitrary: fc.constantFrom(...hostileStrings), weight: 4 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 1 },
  { arbitrary: fc.integer({ min: 1_000, max: 300_000 }).map((n) => 'x'.repeat(n)), weight: 1 },
  { arbitrary: fc.integer({ min: 10, max: 50_000 }).map((n) => '\u0000'.repeat(n)), weight: 1 },
);
const hostileNumber = fc.oneof(
  fc.constantFrom(0, -0, -1, 1, 0.5, -0.5, 1e308, -1e308, 2 ** 31, 2 ** 53, 2 ** 53 + 2, -(2 ** 53), Number.MIN_SAFE_INTEGER, 5e-324),
  fc.integer(),
  fc.double(),
);
const hostileKey = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '', 'extra', '\u0000');
/** Objects built with own keys such as __proto__ (Object.fromEntries defines them; a literal would set the prototype). */
const objectOf = (key: fc.Arbitrary<string>, value: fc.Arbitrary<unknown>, maxKeys = 4) =>
  fc.array(fc.tuple(key, value), { maxLength: maxKeys }).map((entries) => Object.fromEntries(entries) as Record<string, unknown>);
const nested = fc.tuple(fc.integer({ min: 50, max: 3_000 }), fc.boolean()).map(([depth, arrays]) => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = arrays ? [value] : { a: value };
  return value;
});
const hostileValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown; leaf: unknown }>((tie) => ({
  leaf: fc.oneof(hostileString, hostileNumber, fc.boolean(), fc.constant(null)),
  value: fc.oneof(
    { depthSize: 'small' },
    { arbitrary: tie('leaf'), weight: 6 },
    { arbitrary: fc.array(tie('value'), { maxLength: 4 }), weight: 1 },
    { arbitrary: objectOf(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), tie('value')), weight: 1 },
    { arbitrary: nested, weight: 1 },
    { arbitrary: fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 5_001, maxLength: 5_100 }), weight: 1 },
  ),
})).value;

const credentialKeys = [...new Set(providerCatalog.flatMap((p) => p.authModes.flatMap((m) => m.fields.map((f) => f.key))))];

interface Known {
  connectionIds: string[];
  payoutIds: number[];
  creatorIds: number[];
  campaignIds: number[];
  subjects: string[];
}

/** Values a real renderer would send, so that many calls get past the schema and reach the services. */
function plausibleStrings(known: Known): fc.Arbitrary<string> {
  return fc.constantFrom(
    ...known.connectionIds,
    ...providerCatalog.flatMap((p) => [p.id, ...p.authModes.map((m) => m.id)]),
    ...known.subjects,
    'USD',
    'EUR',
    'GBP',
    '10.00',
    '1',
    '250',
    '2024-01-01',
    '2030-12-31',
    'csv',
    'jsonl',
    'Operator',
    'alice@example.com',
    'DE89370400440532013000',
    'amount,currency,recipient_email\n10.00,USD,a@example.com\n',
  );
}

/** Values that fit a field of that name, so that whole inputs get past the schema and meet the services' rules. */
const fieldHints = (known: Known): Record<string, fc.Arbitrary<string>> => ({
  connectionId: fc.constantFrom(...known.connectionIds, 'no-such-connection'),
  connectionIds: fc.constantFrom(...known.connectionIds),
  id: fc.constantFrom(...known.connectionIds),
  provider: fc.constantFrom(...providerCatalog.map((p) => p.id)),
  authMode: fc.constantFrom(...providerCatalog.flatMap((p) => p.authModes.map((m) => m.id))),
  amount: fc.constantFrom('10.00', '1', '250', '0.01', '-5', '1e3', '99999999999999999999'),
  currency: fc.constantFrom('USD', 'EUR', 'GBP', 'usd', 'XXX'),
  currencies: fc.constantFrom('USD', 'EUR', 'GBP'),
  email: fc.constantFrom('alice@example.com', 'not-an-email', 'a@b'),
  name: fc.constantFrom('Alice Example', ''),
  label: fc.constantFrom('Fuzzed connection', ''),
  passphrase: fc.constantFrom(ADMIN.passphrase, 'not-the-passphrase', ''),
  current: fc.constantFrom(ADMIN.passphrase, 'not-the-passphrase'),
  reason: fc.constantFrom('Not approved', ''),
  content: fc.constantFrom('amount,currency,email\n10.00,USD,alice@example.com\n', 'a,b\n"unterminated', ''),
  personKey: fc.constantFrom(...known.subjects, 'email:alice@example.com'),
});

type Def = { type: string; innerType?: z.ZodType; element?: z.ZodType; valueType?: z.ZodType; shape?: Record<string, z.ZodType> } & Record<
  string,
  unknown
>;

/** Values for one schema: mostly of its own shape (with real ids), sometimes hostile, at every level. */
function guided(schema: z.ZodType, known: Known, key = ''): fc.Arbitrary<unknown> {
  const def = (schema as unknown as { def: Def }).def;
  const orHostile = (valid: fc.Arbitrary<unknown>) => fc.oneof({ arbitrary: valid, weight: 10 }, { arbitrary: hostileValue, weight: 1 });
  switch (def.type) {
    case 'string':
      return orHostile(
        fc.oneof(
          { arbitrary: fieldHints(known)[key] ?? plausibleStrings(known), weight: 6 },
          { arbitrary: fc.string({ maxLength: 20 }), weight: 1 },
          { arbitrary: hostileString, weight: 1 },
        ),
      );
    case 'number':
      return orHostile(
        fc.oneof(
          { arbitrary: fc.constantFrom(...known.payoutIds, ...known.creatorIds, ...known.campaignIds), weight: 4 },
          { arbitrary: fc.integer({ min: 0, max: 600 }), weight: 2 },
          { arbitrary: hostileNumber, weight: 1 },
        ),
      );
    case 'boolean':
      return orHostile(fc.boolean());
    case 'enum':
      return orHostile(fc.constantFrom(...Object.values(def.entries as Record<string, string>)));
    case 'literal':
      return orHostile(fc.constantFrom(...(def.values as unknown[])));
    case 'array':
      return orHostile(fc.array(guided(def.element!, known, key), { maxLength: 4 }));
    case 'record':
      return orHostile(
        objectOf(
          fc.oneof({ arbitrary: fc.constantFrom(...credentialKeys), weight: 4 }, { arbitrary: hostileKey, weight: 1 }),
          guided(def.valueType!, known),
        ),
      );
    case 'optional':
    case 'default':
      return fc.oneof(fc.constant(undefined), guided(def.innerType!, known, key));
    case 'nullable':
      return fc.oneof(fc.constant(null), guided(def.innerType!, known, key));
    case 'object': {
      const fields = Object.fromEntries(Object.entries(def.shape!).map(([name, field]) => [name, guided(field, known, name)]));
      // Mostly every field (optional ones may still come out undefined), sometimes any subset, or extra keys.
      const complete = fc.record(fields);
      const partial = fc.record(fields, { requiredKeys: [] });
      const withExtra = fc
        .tuple(complete, objectOf(fc.oneof(hostileKey, fc.string({ maxLength: 8 })), hostileValue, 2))
        .map(([o, extra]) => ({ ...o, ...extra }));
      return fc.oneof(
        { arbitrary: complete, weight: 6 },
        { arbitrary: partial, weight: 1 },
        { arbitrary: withExtra, weight: 1 },
        { arbitrary: hostileValue, weight: 1 },
      );
    }
    default:
      return hostileValue;
  }
}

function inputsFor(op: OperationName, known: Known): fc.Arbitrary<unknown> {
  const schema = contract[op].input as z.ZodType;
  const any = fc.oneof(
    { arbitrary: guided(schema, known), weight: 4 },
    { arbitrary: hostileValue, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
  if (ONLY_REFUSALS.has(op)) return any.filter((input) => !schema.safeParse(input).success);
  if (op === 'settings.update')
    return any.filter((input) => {
      const parsed = schema.safeParse(input);
      return !parsed.success || (parsed.data as { idleLockMinutes: number }).idleLockMinutes >= SHORTEST_IDLE_LOCK_MINUTES;
    });
  return any;
}

// ---------------------------------------------------------------------------------------------------------

it('refused calls change nothing; the host answers after every call and never exits', async () => {
  const reader = new Database(join(host.dataDir, DATABASE_FILE), { readonly: true });
  const column = <T>(sql: string) => reader.prepare(sql).pluck().all() as T[];
  const known: Known = {
    connectionIds: column<string>('SELECT id FROM connections'),
    payoutIds: column<number>('SELECT id FROM payouts ORDER BY id LIMIT 40'),
    creatorIds: column<number>('SELECT id FROM creators ORDER BY id LIMIT 10'),
    campaignIds: column<number>('SELECT id FROM campaigns ORDER BY id LIMIT 10'),
    subjects: column<string>('SELECT DISTINCT subject FROM audit_events LIMIT 10'),
  };
  reader.close();
  expect(known.connectionIds.length).toBeGreaterThan(0);
  expect(known.payoutIds.length).toBeGreaterThan(0);

  // The probe sees the host's writes: a successful call moves the database fingerprint, a new entry the keychain's.
  const quiet = probe.database();
  expect(await client.call('settings.update', { idleLockMinutes: 60 })).toMatchObject({ ok: true });
  expect(probe.database()).not.toBe(quiet);
  const keychainQuiet = await probe.keychain();
  await keytar.setPassword(host.keychainService, 'probe-check', 'x');
  expect(await probe.keychain()).not.toBe(keychainQuiet);
  await keytar.deletePassword(host.keychainService, 'probe-check');
  expect(await probe.keychain()).toBe(keychainQuiet);

  const plan: Array<{ op: OperationName; input: unknown }> = [];
  operationNames.forEach((op, index) => {
    for (const input of fc.sample(inputsFor(op, known), { numRuns: CALLS_PER_OPERATION, seed: SEED + index })) plan.push({ op, input });
  });
  // Interleaved, so that what one call changes (a removed connection, a new draft) meets every other operation.
  const shuffled = fc.sample(fc.shuffledSubarray(plan, { minLength: plan.length, maxLength: plan.length }), { numRuns: 1, seed: SEED })[0]!;
  // Removals last: a connection removed early would leave every later call nothing but NOT_FOUND; then the calls that
  // may end the session.
  const order = [
    ...shuffled.filter((c) => c.op !== 'connections.remove' && !SESSION_ENDING.has(c.op)),
    ...shuffled.filter((c) => c.op === 'connections.remove'),
    ...shuffled.filter((c) => SESSION_ENDING.has(c.op)),
  ];

  let calls = 0;
  let crashes = 0;
  let stateChanges = 0;
  const findings: string[] = [];
  const outcomes = new Map<string, number>();
  const describeCall = (op: string, input: unknown) => `${op} ${(JSON.stringify(input) ?? 'undefined').slice(0, 300)}`;
  let keychainBaseline = await probe.keychain();
  let before = probe.database();
  let recordedRefusals = 0;
  // What a recorded refusal may change: new audit events of its own kinds and the operators' failure counts; the
  // rest of the database (every other table, the operators' other columns) must be as it was.
  const state = new Database(join(host.dataDir, DATABASE_FILE), { readonly: true });
  const otherTables = (
    state
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT IN ('audit_events', 'operators')")
      .pluck()
      .all() as string[]
  ).map((name) => {
    try {
      return state.prepare(`SELECT count(*) AS n, max(rowid) AS m FROM "${name}"`);
    } catch {
      return state.prepare(`SELECT count(*) AS n FROM "${name}"`);
    }
  });
  const recordedState = () => ({
    lastSeq: (state.prepare('SELECT max(seq) AS seq FROM audit_events').get() as { seq: number }).seq,
    others: JSON.stringify(otherTables.map((statement) => statement.get())),
    operators: JSON.stringify(
      state.prepare('SELECT id, display_name, roles, passphrase_hash, disabled_at FROM operators ORDER BY id').all(),
    ),
  });
  const onlyRecordedRefusal = (was: ReturnType<typeof recordedState>) => {
    const now = recordedState();
    const actions = state.prepare('SELECT action FROM audit_events WHERE seq > ?').pluck().all(was.lastSeq) as string[];
    return actions.length === 1 && RECORDED_REFUSALS.has(actions[0]!) && now.others === was.others && now.operators === was.operators;
  };
  let beforeState = recordedState();

  for (const { op, input } of order) {
    const watchKeychain = keychainOperation(op);
    const keychainBefore = watchKeychain ? await probe.keychain() : null;
    calls++;
    let reply: Awaited<ReturnType<Client['call']>> | null = null;
    try {
      reply = await client.call(op, input);
    } catch (error) {
      findings.push(`no reply: ${describeCall(op, input)}: ${String(error)}`);
    }
    if (reply) {
      const key = `${op} ${reply.ok ? 'ok' : reply.error.code}`;
      outcomes.set(key, (outcomes.get(key) ?? 0) + 1);
    }
    if (!reply || typeof reply.ok !== 'boolean') {
      crashes++;
    } else {
      const after = probe.database();
      if (!reply.ok && after !== before && onlyRecordedRefusal(beforeState)) {
        recordedRefusals++;
      } else if (!reply.ok && after !== before) {
        stateChanges++;
        findings.push(`database changed by a refused call (${reply.error.code}): ${describeCall(op, input)}`);
      }
      if (watchKeychain) {
        const keychainAfter = await probe.keychain();
        if (!reply.ok && keychainAfter !== keychainBefore) {
          stateChanges++;
          findings.push(`keychain changed by a refused call: ${describeCall(op, input)}`);
        }
        keychainBaseline = keychainAfter;
      }
    }
    const normal = await client.call('session.status').catch(() => null);
    if (!normal?.ok || host.exit) {
      crashes++;
      findings.push(`no ordinary answer after ${describeCall(op, input)}; host exit: ${JSON.stringify(host.exit)}`);
      if (host.exit || !client.isOpen()) break;
    }
    if (calls % KEYCHAIN_CHECK_EVERY === 0) {
      const keychain = await probe.keychain();
      if (keychain !== keychainBaseline) {
        stateChanges++;
        findings.push(`keychain changed outside connections.* calls (in the ${KEYCHAIN_CHECK_EVERY} calls before #${calls})`);
      }
      keychainBaseline = keychain;
    }
    before = probe.database();
    beforeState = recordedState();
  }

  // FUZZ_STATS=<file> writes how each operation's calls ended (to see how many got past the schema).
  if (process.env.FUZZ_STATS) writeFileSync(process.env.FUZZ_STATS, JSON.stringify(Object.fromEntries([...outcomes].sort()), null, 1));
  state.close();
  console.log(`ipc-fuzz: calls=${calls} crashes=${crashes} state_changes=${stateChanges}`);
  // The recorded refusals happened (wrong passphrases were sent), and were the only writes by refused calls.
  expect(recordedRefusals).toBeGreaterThan(0);
  expect(host.exit, host.stderr()).toBeNull();
  expect(calls).toBeGreaterThanOrEqual(10_000);
  expect({ crashes, stateChanges, findings: findings.slice(0, 10), seed: SEED }).toEqual({
    crashes: 0,
    stateChanges: 0,
    findings: [],
    seed: SEED,
  });
}, 600_000);
