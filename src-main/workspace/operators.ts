/**
 * Managing operators: the first admin of a new workspace, operators added and changed by admins, passphrases changed
 * by their owner or reset by an admin. A workspace always keeps an active admin. Every change is audited with before
 * and after (never a passphrase or its hash).
 */
import type { Operator, OperatorRole, SessionStatus } from '@shared/contract/model';
import { AppError, notFound } from '../errors';
import { toOperator, type OperatorRecord, type OperatorStore } from '../storage/operator-store';
import { hashPassphrase, passphraseProblem } from './passphrase';
import type { DemoOperator, SessionService } from './session';

const view = (o: Pick<OperatorRecord, 'name' | 'roles' | 'disabled'>) => ({ name: o.name, roles: o.roles, disabled: o.disabled });

export class OperatorService {
  constructor(
    private readonly operators: OperatorStore,
    private readonly session: SessionService,
    private readonly now: () => Date,
  ) {}

  list(): Operator[] {
    return this.operators.list().map(toOperator);
  }

  /** Only while the workspace has no operator: the first admin, signed in at once. */
  async createFirst(name: string, passphrase: string): Promise<SessionStatus> {
    if (this.operators.count() > 0) throw new AppError('CONFLICT', 'This workspace already has its first admin: sign in instead.');
    const record = await this.session.newOperator(name, passphrase, ['preparer', 'approver', 'sender', 'admin']);
    this.operators.add(
      [record],
      [
        {
          actor: { id: record.id, name: record.name },
          action: 'operator.created',
          subject: `operator:${record.id}`,
          details: { after: view({ ...record, disabled: false }), first: true },
        },
      ],
    );
    this.session.adopt(record.id);
    return this.session.status();
  }

  /** The demo workspace's operators (one per role mix), created with it; their passphrases are shown on sign-in. */
  async createDemoOperators(demo: DemoOperator[]): Promise<void> {
    const records = [];
    for (const d of demo)
      if (!this.operators.byName(d.name)) records.push(await this.session.newOperator(d.name, d.passphrase, d.roles, true));
    if (!records.length) return;
    this.operators.add(
      records,
      records.map((r) => ({
        actor: this.session.actor(),
        action: 'operator.created',
        subject: `operator:${r.id}`,
        details: { after: view({ ...r, disabled: false }), demo: true },
      })),
    );
  }

  async create(name: string, passphrase: string, roles: OperatorRole[]): Promise<Operator> {
    const admin = this.session.require(['admin']);
    const record = await this.session.newOperator(name, passphrase, [...new Set(roles)]);
    this.operators.add(
      [record],
      [
        {
          actor: this.session.actorOf(admin),
          action: 'operator.created',
          subject: `operator:${record.id}`,
          details: { after: view({ ...record, disabled: false }) },
        },
      ],
    );
    return toOperator(this.operators.get(record.id)!);
  }

  update(id: string, change: { name?: string | undefined; roles?: OperatorRole[] | undefined; disabled?: boolean | undefined }): Operator {
    const admin = this.session.require(['admin']);
    const before = this.operators.get(id);
    if (!before) throw notFound('The operator');
    const roles = change.roles ? [...new Set(change.roles)] : before.roles;
    const disabled = change.disabled ?? before.disabled;
    const stillAdmin = roles.includes('admin') && !disabled;
    if (before.roles.includes('admin') && !stillAdmin && this.operators.otherActiveAdmins(id) === 0) {
      throw new AppError('CONFLICT', `${before.name} is the last admin: give another operator the admin role first.`, {
        roles: 'The last admin keeps the admin role.',
      });
    }
    if (change.name !== undefined) {
      const other = this.operators.byName(change.name);
      if (other && other.id !== id)
        throw new AppError('CONFLICT', `An operator named "${change.name.trim()}" already exists.`, { name: 'Taken.' });
    }
    this.operators.update(id, { ...change, roles, now: this.now().toISOString() }, [
      {
        actor: this.session.actorOf(admin),
        action: 'operator.changed',
        subject: `operator:${id}`,
        details: { before: view(before), after: view({ name: change.name?.trim() ?? before.name, roles, disabled }) },
      },
    ]);
    return toOperator(this.operators.get(id)!);
  }

  async changePassphrase(current: string, next: string): Promise<{ changed: true }> {
    this.session.require();
    const me = await this.session.confirmPassphrase(current, { field: 'current', consequence: 'Your passphrase was not changed.' });
    return this.setPassphrase(me, next, 'operator.passphrase_changed');
  }

  async resetPassphrase(id: string, passphrase: string): Promise<{ changed: true }> {
    this.session.require(['admin']);
    const record = this.operators.get(id);
    if (!record) throw notFound('The operator');
    return this.setPassphrase(record, passphrase, 'operator.passphrase_reset');
  }

  private async setPassphrase(record: OperatorRecord, passphrase: string, action: string): Promise<{ changed: true }> {
    const problem = passphraseProblem(passphrase);
    if (problem) throw new AppError('INVALID_INPUT', problem, { passphrase: problem });
    const hash = await hashPassphrase(passphrase);
    this.operators.update(record.id, { passphraseHash: hash, now: this.now().toISOString() }, [
      { actor: this.session.actor(), action, subject: `operator:${record.id}`, details: { operator: record.name } },
    ]);
    return { changed: true };
  }
}
