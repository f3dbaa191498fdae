import { systemActor } from '../../../src-main/storage/audit-store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connectionIds, createFixture, errorOf, type Fixture } from './fixture';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
});
afterEach(() => f.close());

/** Drafts are made by Mia; the tests approve as Alice and Bob, so four eyes holds unless a test says otherwise. */
const MAKER = 'Mia (mia)';
const draft = async (amount: string, currency = 'USD') =>
  (
    await f.as(MAKER, () =>
      f.w.drafts.create({
        connectionId: connectionIds.dots,
        recipient: { phoneNumber: '+12025550139' },
        amount,
        currency,
        description: 'Fee',
      }),
    )
  ).id;
const status = (id: number) => f.w.drafts.detail(id).status;
const policy = (patch: Partial<ReturnType<Fixture['w']['policy']>>) => f.w.updatePolicy({ ...f.w.policy(), ...patch });

describe('approval policy', () => {
  it('above the threshold a second approval by a different operator is required', async () => {
    await policy({ approvalThresholds: [{ minor: 100_00, currency: 'USD' }] });
    const small = await draft('100.00');
    const large = await draft('100.01');

    f.setOperator('Alice (alice)');
    const first = (await f.w.approvals.approve([small, large])).results;
    expect(first.map((r) => r.outcome)).toEqual(['approved', 'awaiting_second_approval']);
    expect(first[1]!.message).toMatch(/100\.01 USD is above the approval threshold: a second operator must approve it too/);
    expect(status(small)).toBe('approved');
    expect(status(large)).toBe('draft');

    // The same operator again does not count.
    const again = (await f.w.approvals.approve([large])).results[0]!;
    expect(again).toMatchObject({
      outcome: 'skipped',
      message: expect.stringMatching(/second approval must come from a different operator/),
    });
    expect(status(large)).toBe('draft');
    expect(f.w.drafts.detail(large).actions.approve).toMatch(/different operator/);

    // Sending before the second approval is refused too.
    expect((await f.w.sender.markSending([large], systemActor('Alice (alice)'))).refused[0]!.message).toMatch(
      /Approve the payout before sending it/,
    );

    f.setOperator('Bob (bob)');
    expect((await f.w.approvals.approve([large])).results[0]!.outcome).toBe('approved');
    expect(status(large)).toBe('approved');
    expect(f.w.drafts.detail(large).approvals.map((a) => a.operator)).toEqual(['Alice (alice)', 'Bob (bob)']);

    const events = f.audit.list({ subject: `payout:${large}` }).map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['payout.approval_recorded', 'payout.approved']));
    const approved = f.audit.list({ action: 'payout.approved', subject: `payout:${large}` })[0]!;
    expect(approved.actor).toBe('Bob (bob)');
    expect(approved.details).toMatchObject({
      before: { status: 'draft', approvers: ['Alice (alice)'] },
      after: { status: 'approved', approvers: ['Alice (alice)', 'Bob (bob)'] },
      approvalsRequired: 2,
    });
  });

  it('a threshold raised after approval is enforced again at send time', async () => {
    const id = await draft('500.00');
    await f.w.approvals.approve([id]);
    await policy({ approvalThresholds: [{ minor: 10_00, currency: 'USD' }] });
    expect((await f.w.sender.markSending([id], systemActor('x'))).refused[0]!.message).toMatch(
      /a second operator must approve it before it is sent/,
    );
    expect(status(id)).toBe('approved');
  });

  it('batch summary: count and total per currency, and what is blocked', async () => {
    await policy({ approvalThresholds: [{ minor: 50_00, currency: 'USD' }] });
    const a = await draft('10.25');
    const b = await draft('60.00');
    const c = (
      await f.as(MAKER, () =>
        f.w.drafts.create({
          connectionId: connectionIds.talentir,
          recipient: { email: 'x@example.com' },
          amount: '7.50',
          currency: 'EUR',
          description: 'Fee',
        }),
      )
    ).id;
    const d = await draft('1.00');
    await f.w.approvals.reject([d], 'Duplicate of an earlier payout');
    const summary = f.w.approvals.summary([a, b, c, d, 9999]);
    expect(summary.count).toBe(3);
    expect(summary.totals).toEqual([
      { minor: 750, currency: 'EUR' },
      { minor: 70_25, currency: 'USD' },
    ]);
    expect(summary.needSecondApproval).toBe(1);
    expect(summary.blocked).toEqual(
      expect.arrayContaining([
        { id: 9999, reason: 'The payout no longer exists.' },
        { id: d, reason: expect.stringMatching(/Only drafts can be approved; this payout is rejected/) },
      ]),
    );
  });

  it('rejection needs a reason and is recorded with it', async () => {
    const id = await draft('10.00');
    expect((await errorOf(() => f.w.approvals.reject([id], '   '))).fieldErrors?.reason).toMatch(/Give a reason/);
    const result = await f.w.approvals.reject([id], 'Wrong campaign');
    expect(result.results[0]).toMatchObject({ outcome: 'rejected' });
    const detail = f.w.drafts.detail(id);
    expect(detail.status).toBe('rejected');
    expect(detail.statusMessage).toMatch(/Rejected by Alice \(alice\): Wrong campaign/);
    expect(detail.approvals[0]).toMatchObject({ decision: 'rejected', reason: 'Wrong campaign' });
    expect(f.audit.list({ action: 'payout.rejected' })[0]!.details).toMatchObject({
      reason: 'Wrong campaign',
      before: { status: 'draft' },
      after: { status: 'rejected' },
    });
  });

  it('the approvals queue lists drafts oldest first and pages', async () => {
    const ids = [await draft('1.00'), await draft('2.00'), await draft('3.00')];
    const first = f.w.approvals.queue({ limit: 2 });
    expect(first.rows.map((r) => r.payout.id)).toEqual(ids.slice(0, 2));
    const second = f.w.approvals.queue({ limit: 2, afterId: Number(first.nextCursor) });
    expect(second.rows.map((r) => r.payout.id)).toEqual([ids[2]]);
    expect(second.nextCursor).toBeNull();
  });
});

describe('daily send cap per connection', () => {
  it('refuses a payout that would go above the cap today, and allows it the next day', async () => {
    await policy({ dailyCaps: [{ connectionId: connectionIds.dots, cap: { minor: 100_00, currency: 'USD' } }] });
    const a = await draft('60.00');
    const b = await draft('50.00');
    const c = await draft('40.00');
    const other = (
      await f.as(MAKER, () =>
        f.w.drafts.create({
          connectionId: connectionIds.talli,
          recipient: { email: 'x@example.com' },
          campaignId: f.campaignId,
          amount: '500.00',
          currency: 'USD',
        }),
      )
    ).id;
    await f.w.approvals.approve([a, b, c, other]);

    const first = await f.w.sender.markSending([a, b, c, other], { id: 'op:alice', name: 'Alice (alice)' });
    expect(first.prepared).toEqual([a, c, other]);
    expect(first.refused).toHaveLength(1);
    expect(first.refused[0]).toMatchObject({ id: b, status: 'approved' });
    expect(first.refused[0]!.message).toMatch(
      /Daily send cap for "Test dots" reached: 60\.00 USD of 100\.00 USD already sent today, and this payout \(50\.00 USD\) would go above it/,
    );
    expect(status(b)).toBe('approved');

    f.setNow(new Date('2026-03-02T10:00:00.000Z'));
    expect((await f.w.sender.markSending([b], systemActor('Alice (alice)'))).prepared).toEqual([b]);
    expect(status(b)).toBe('sending');
    // The outbox entry and the audit event were written together with the status.
    expect(f.w.ctx.store.outbox(b)).toMatchObject({ create_state: 'pending', create_attempts: 0, open: 1 });
    expect(f.audit.list({ action: 'payout.sending', subject: `payout:${b}` })[0]!.details).toMatchObject({
      before: { status: 'approved' },
      after: { status: 'sending' },
    });
  });

  it('a payout is marked for sending only once', async () => {
    const id = await draft('5.00');
    await f.w.approvals.approve([id]);
    expect((await f.w.sender.markSending([id], systemActor('x'))).prepared).toEqual([id]);
    expect((await f.w.sender.markSending([id], systemActor('x'))).refused[0]!.message).toMatch(
      /The payout is sending; a payout is sent only once/,
    );
  });
});
