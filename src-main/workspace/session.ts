/**
 * Who is at this desk. An operator signs in with their own passphrase; the desk locks after an idle time and the
 * same passphrase unlocks it; approving and sending ask for it again (step-up). Wrong passphrases are counted per
 * operator and locked out with growing waits, and across all names at once, and every attempt is audited.
 * Every audit event names the signed-in operator by id (src-main/storage/audit-store.ts Actor).
 */
import { randomUUID } from 'node:crypto';
import type { Operator, OperatorRole, SessionStatus } from '@shared/contract/model';
import { AppError } from '../errors';
import { systemActor, type Actor } from '../storage/audit-store';
import { toOperator, type OperatorRecord, type OperatorStore } from '../storage/operator-store';
import { hashPassphrase, passphraseProblem, verifyPassphrase } from './passphrase';

/** Wrong passphrases an operator may type before waits begin. */
const FREE_FAILURES = 5;
const FIRST_WAIT_MS = 30_000;
const LONGEST_WAIT_MS = 60 * 60_000;
/** Across every name: more failures than this in a minute and sign-in pauses (guessing names as well as passphrases). */
const GLOBAL_FAILURES_PER_MINUTE = 20;

/** A hash of a random passphrase: an unknown name costs the same time as a known one, so names cannot be probed. */
let decoyHash: Promise<string> | null = null;

export interface DemoOperator {
  name: string;
  passphrase: string;
  roles: OperatorRole[];
}

export interface SessionOptions {
  now: () => Date;
  idleLockMinutes: () => number;
  /** The demo workspace's operators with their passphrases (shown on the sign-in screen), or none. */
  demoOperators: () => DemoOperator[] | null;
  /** Told when the desk locks by itself, so the window shows the lock screen without waiting for a call. */
  onLocked?: () => void;
}

/** How often the idle lock is checked between calls. */
const IDLE_CHECK_MS = 10_000;

const signInRequired = () => new AppError('UNAUTHENTICATED', 'Sign in to Paydesk first.');

export class SessionService {
  private operatorId: string | null = null;
  private locked = false;
  private lastActivity = 0;
  private recentFailures: number[] = [];
  private idleWatch: NodeJS.Timeout | null = null;

  constructor(
    private readonly operators: OperatorStore,
    private readonly options: SessionOptions,
  ) {}

  status(): SessionStatus {
    const operator = this.signedIn();
    const state: SessionStatus['state'] =
      this.operators.count() === 0 ? 'setup' : !this.operatorId ? 'signed-out' : this.locked || !operator ? 'locked' : 'signed-in';
    const record = this.operatorId ? this.operators.get(this.operatorId) : undefined;
    return {
      state,
      operator: record && state !== 'signed-out' ? toOperator(record) : null,
      idleLockMinutes: this.options.idleLockMinutes(),
      demoOperators: this.options.demoOperators(),
    };
  }

  /** The signed-in operator, or null when nobody is signed in, the desk is locked, or the operator was disabled. */
  signedIn(): OperatorRecord | null {
    if (!this.operatorId) return null;
    const record = this.operators.get(this.operatorId);
    if (!record || record.disabled) return null;
    if (!this.locked && this.options.now().getTime() - this.lastActivity > this.options.idleLockMinutes() * 60_000) {
      this.locked = true;
      this.operators.recordEvent({
        actor: this.actorOf(record),
        action: 'session.locked',
        subject: `operator:${record.id}`,
        details: { idleLockMinutes: this.options.idleLockMinutes() },
      });
      this.options.onLocked?.();
    }
    return this.locked ? null : record;
  }

  /** The operator every audit event names: the signed-in one, or Paydesk itself for background work. */
  actor(): Actor {
    const record = this.signedIn();
    return record ? this.actorOf(record) : systemActor('Paydesk');
  }

  /** For operations that need a signed-in operator with one of these roles (any role when none is given). */
  require(roles: readonly OperatorRole[] = []): OperatorRecord {
    const record = this.signedIn();
    if (!record) {
      throw this.operatorId
        ? new AppError('UNAUTHENTICATED', 'Paydesk locked itself after a while without input: enter your passphrase to go on.')
        : signInRequired();
    }
    if (roles.length && !roles.some((r) => record.roles.includes(r))) {
      throw new AppError('FORBIDDEN', `This needs the ${roles.join(' or ')} role; ${record.name} has ${record.roles.join(', ')}.`);
    }
    return record;
  }

  /** Locks the desk on time, not only at the next call (checked every few seconds until stop()). */
  watchIdle(): void {
    this.idleWatch ??= setInterval(() => this.signedIn(), IDLE_CHECK_MS);
    this.idleWatch.unref();
  }

  stop(): void {
    if (this.idleWatch) clearInterval(this.idleWatch);
    this.idleWatch = null;
  }

  touch(): void {
    if (this.signedIn()) this.lastActivity = this.options.now().getTime();
  }

  async signIn(name: string, passphrase: string): Promise<SessionStatus> {
    this.refuseWhileThrottled();
    const record = this.operators.byName(name);
    const now = this.options.now();
    if (record?.lockedUntil && Date.parse(record.lockedUntil) > now.getTime()) {
      throw new AppError(
        'FORBIDDEN',
        `Too many wrong passphrases for ${record.name}: try again after ${new Date(record.lockedUntil).toLocaleTimeString()}.`,
      );
    }
    const ok = record ? await verifyPassphrase(passphrase, record.passphraseHash) : await this.decoy(passphrase);
    if (!record || !ok) {
      this.fail(record ?? null, name, 'session.sign_in_failed');
      throw new AppError('FORBIDDEN', 'That name and passphrase do not match an operator of this workspace.');
    }
    this.operatorId = record.id;
    this.locked = false;
    this.lastActivity = now.getTime();
    this.operators.recordSuccess(record.id, {
      actor: this.actorOf(record),
      action: 'session.signed_in',
      subject: `operator:${record.id}`,
      details: {},
    });
    return this.status();
  }

  signOut(): SessionStatus {
    const record = this.operatorId ? this.operators.get(this.operatorId) : undefined;
    if (record)
      this.operators.recordEvent({
        actor: this.actorOf(record),
        action: 'session.signed_out',
        subject: `operator:${record.id}`,
        details: {},
      });
    this.operatorId = null;
    this.locked = false;
    return this.status();
  }

  /** "Lock now": the desk locks at once, as after the idle time; the same passphrase opens it again. */
  lock(): SessionStatus {
    const record = this.require();
    this.locked = true;
    this.operators.recordEvent({
      actor: this.actorOf(record),
      action: 'session.locked',
      subject: `operator:${record.id}`,
      details: { byOperator: true },
    });
    return this.status();
  }

  async unlock(passphrase: string): Promise<SessionStatus> {
    if (!this.operatorId) throw signInRequired();
    await this.confirmPassphrase(passphrase);
    this.locked = false;
    this.lastActivity = this.options.now().getTime();
    const record = this.operators.get(this.operatorId)!;
    this.operators.recordEvent({ actor: this.actorOf(record), action: 'session.unlocked', subject: `operator:${record.id}`, details: {} });
    return this.status();
  }

  /**
   * Step-up: the signed-in operator types their passphrase again before money moves (or before changing it). A wrong
   * one counts towards the lock-out like a failed sign-in, so an unlocked desk is no way to guess it.
   */
  async confirmPassphrase(
    passphrase: string,
    refusal = { field: 'passphrase', consequence: 'Nothing was approved or sent.' },
  ): Promise<OperatorRecord> {
    this.refuseWhileThrottled();
    if (!this.operatorId) throw signInRequired();
    const record = this.operators.get(this.operatorId);
    if (!record || record.disabled) throw signInRequired();
    if (record.lockedUntil && Date.parse(record.lockedUntil) > this.options.now().getTime()) {
      throw new AppError('FORBIDDEN', `Too many wrong passphrases: try again after ${new Date(record.lockedUntil).toLocaleTimeString()}.`);
    }
    if (!(await verifyPassphrase(passphrase, record.passphraseHash))) {
      this.fail(record, record.name, 'session.passphrase_refused');
      throw new AppError('FORBIDDEN', `That passphrase is not right. ${refusal.consequence}`, { [refusal.field]: 'Wrong passphrase.' });
    }
    this.operators.recordSuccess(record.id, null);
    this.lastActivity = this.options.now().getTime();
    return record;
  }

  /** Creates an operator (hashing the passphrase off the main thread); the caller audits through the store. */
  async newOperator(name: string, passphrase: string, roles: OperatorRole[], isDemo = false) {
    const problem = passphraseProblem(passphrase);
    if (problem) throw new AppError('INVALID_INPUT', problem, { passphrase: problem });
    if (this.operators.byName(name))
      throw new AppError('CONFLICT', `An operator named "${name.trim()}" already exists.`, { name: 'Taken.' });
    return {
      id: randomUUID(),
      name: name.trim(),
      roles,
      passphraseHash: await hashPassphrase(passphrase),
      isDemo,
      now: this.options.now().toISOString(),
    };
  }

  /** Signs in the operator just created (first admin, demo). */
  adopt(id: string): void {
    this.operatorId = id;
    this.locked = false;
    this.lastActivity = this.options.now().getTime();
  }

  actorOf(record: Pick<Operator, 'id' | 'name'>): Actor {
    return { id: record.id, name: record.name };
  }

  private fail(record: OperatorRecord | null, typedName: string, action: string): void {
    const now = this.options.now().getTime();
    this.recentFailures = [...this.recentFailures.filter((t) => now - t < 60_000), now];
    const failures = (record?.failedSignIns ?? 0) + 1;
    const wait = failures > FREE_FAILURES ? Math.min(FIRST_WAIT_MS * 2 ** (failures - FREE_FAILURES - 1), LONGEST_WAIT_MS) : 0;
    const lockedUntil = wait ? new Date(now + wait).toISOString() : null;
    this.operators.recordFailure(record?.id ?? null, lockedUntil, {
      actor: record ? this.actorOf(record) : systemActor('Paydesk (sign-in)'),
      action,
      subject: record ? `operator:${record.id}` : 'operator:unknown',
      // The typed name only, never the passphrase.
      details: { typedName: typedName.slice(0, 80), failures, lockedUntil },
    });
  }

  private refuseWhileThrottled(): void {
    const now = this.options.now().getTime();
    this.recentFailures = this.recentFailures.filter((t) => now - t < 60_000);
    if (this.recentFailures.length >= GLOBAL_FAILURES_PER_MINUTE) {
      throw new AppError('FORBIDDEN', 'Too many wrong passphrases in the last minute: wait a minute before signing in again.');
    }
  }

  private async decoy(passphrase: string): Promise<false> {
    decoyHash ??= hashPassphrase(randomUUID());
    await verifyPassphrase(passphrase, await decoyHash);
    return false;
  }
}
