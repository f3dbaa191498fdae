/**
 * The renderer's words for issue 9's details: drafts at a provider, payees on every row, "first seen" dates, paid
 * payouts without a date, and the payee check as the approver reads it.
 */
import { describe, expect, it } from 'vitest';
import type { PayeeCheck, PayoutActions, PayoutDetail } from '../../../src-shared/contract';
import { payoutStatuses } from '../../../src-shared/contract/model';
import { statusBadgeLabel, statusLabels } from '../../../src-renderer/src/components/statusText';
import { payeeDetails, payeeOf, payoutDateLines, payoutDateText } from '../../../src-renderer/src/components/payee';
import { checksToRead, payeeCheckBadge, payeeCheckView } from '../../../src-renderer/src/components/payeeCheckView';
import { paidUndatedIn } from '../../../src-renderer/src/screens/overview/paidUndated';
import { actionAvailability, actionLabel, whyNotLine } from '../../../src-renderer/src/screens/payouts/details/actionSummary';
import { noticeText, setAsideText } from '../../../src-renderer/src/screens/connections/syncNotice';
import { setAsideCount, setAsideLine } from '../../../src-renderer/src/screens/connections/setAside';
import { regressionText } from '../../../src-renderer/src/screens/attention/regressionText';
import { environmentOptions, needsBaseUrl } from '../../../src-renderer/src/screens/connections/connectionForm';
import { earlierImportLines, importBlockedByEarlier } from '../../../src-renderer/src/screens/payouts/import/alreadyImported';
import { formatBytes, restoreConsequences } from '../../../src-renderer/src/screens/settings/backups';
import { creatorLabels } from '../../../src-renderer/src/screens/payouts/form/creatorLabels';

const line = 'A draft made at the provider, not in Paydesk: finish it in its dashboard, or cancel it there.';
const providerDraftActions: PayoutActions = {
  edit: line,
  delete: line,
  approve: line,
  reject: line,
  send: line,
  cancel: true,
  check: line,
  redraft: line,
  dismiss: line,
  checkPayee: line,
  usePayeeName: line,
};
const sender = { name: 'Bob', roles: ['approver', 'sender'] as const } as never;

describe('drafts at a provider', () => {
  it('every status has a label; a draft at a provider names it', () => {
    for (const s of payoutStatuses) expect(statusLabels[s]).toBeTruthy();
    expect(statusBadgeLabel('provider_draft', 'Acme Pay')).toBe('Draft at Acme Pay');
    expect(statusBadgeLabel('provider_draft')).toBe('Draft at provider');
    expect(statusBadgeLabel('draft', 'Acme Pay')).toBe('Draft');
  });

  it('the drawer offers only the provider’s action, named after it, and every other reason is the one line', () => {
    const detail: Pick<PayoutDetail, 'actions' | 'send' | 'providerDraft'> = {
      actions: providerDraftActions,
      send: null,
      providerDraft: { action: 'delete', line },
    };
    const availability = actionAvailability(detail, sender);
    expect(Object.entries(availability).filter(([, v]) => v === true)).toEqual([['cancel', true]]);
    expect(new Set(Object.values(availability).filter((v) => v !== true))).toEqual(new Set([line]));
    expect(whyNotLine('provider_draft', availability)).toEqual({ action: 'approve', reason: line });
    expect(actionLabel('cancel', detail, 'Acme Pay')).toBe('Delete at Acme Pay');
    expect(actionLabel('cancel', { providerDraft: { action: 'cancel', line } }, 'Acme Pay')).toBe('Cancel at Acme Pay');
    expect(actionLabel('cancel', { providerDraft: null }, 'Acme Pay')).toBe('Cancel payout');
  });
});

describe('payees on every row', () => {
  const nobody = { creatorName: null, creatorEmail: null, creatorHandle: null, creatorPhone: null };
  it('shows the name, else the e-mail, handle or phone', () => {
    expect(payeeOf({ ...nobody, creatorPhone: '+1 202 555 0111' })).toBe('+1 202 555 0111');
    expect(payeeOf({ ...nobody, creatorHandle: '@lena', creatorPhone: '+1 2' })).toBe('@lena');
    expect(payeeOf({ ...nobody, creatorName: 'Lena', creatorEmail: 'l@example.com' })).toBe('Lena');
    expect(payeeOf(nobody)).toBeNull();
    expect(payeeDetails({ ...nobody, creatorName: 'Lena', creatorEmail: 'l@example.com', creatorPhone: '+1 2' })).toEqual([
      'l@example.com',
      '+1 2',
    ]);
    expect(payeeDetails({ ...nobody, creatorEmail: 'l@example.com' })).toEqual([]);
  });
});

describe('dates', () => {
  it('a date the provider does not give reads "first seen"', () => {
    const at = '2026-11-03T14:02:00';
    expect(payoutDateText({ createdAt: at, createdAtFirstSeen: true })).toBe('first seen 2026-11-03 14:02');
    expect(payoutDateText({ createdAt: at, createdAtFirstSeen: false })).toBe('2026-11-03 14:02');
    expect(payoutDateLines({ createdAt: at, createdAtFirstSeen: true })).toEqual({ date: '2026-11-03', below: 'first seen 14:02' });
  });

  it('paid payouts without a date are summed apart, per currency, exactly', () => {
    const overview = {
      paidUndated: [
        { provider: 'a', currency: 'USD', minor: 10_000_000_000_001, count: 3 },
        { provider: 'b', currency: 'USD', minor: 2, count: 1 },
        { provider: 'b', currency: 'EUR', minor: 5, count: 1 },
      ],
    };
    const names = (id: string) => ({ a: 'Alpha', b: 'Beta' })[id] ?? id;
    expect(paidUndatedIn(overview, 'USD', names)).toEqual({ minor: 10_000_000_000_003, count: 4, providers: 'Alpha and Beta' });
    expect(paidUndatedIn(overview, 'EUR', names)).toEqual({ minor: 5, count: 1, providers: 'Beta' });
    expect(paidUndatedIn(overview, 'GBP', names)).toBeNull();
  });
});

describe('payee check for the approver', () => {
  const check = (over: Partial<PayeeCheck>): PayeeCheck => ({
    status: 'match',
    checkId: 'chk-1',
    checkedName: 'Jane Doe',
    matchedName: null,
    details: null,
    at: '2026-11-30T10:00:00Z',
    outdated: false,
    effect: 'ok',
    message: 'The bank confirms the name.',
    ...over,
  });
  const when = (iso: string) => `at ${iso}`;

  it('a close match shows the bank’s name; no match that blocks is red; not possible warns', () => {
    const close = payeeCheckView(
      check({ status: 'close_match', matchedName: 'Jane M. Doe', effect: 'warn', message: 'The bank holds a similar name.' }),
      when,
    );
    expect(close).toMatchObject({ color: 'yellow', bankName: 'Jane M. Doe' });
    expect(close.lines).toEqual([
      'Name checked: Jane Doe',
      'Name the bank holds: Jane M. Doe',
      'Checked at 2026-11-30T10:00:00Z',
      'The bank holds a similar name.',
    ]);
    expect(payeeCheckBadge(check({ status: 'close_match', matchedName: 'Jane M. Doe' })).label).toBe(
      'Close match: bank says “Jane M. Doe”',
    );
    expect(payeeCheckView(check({ status: 'no_match', effect: 'block' }), when).color).toBe('red');
    expect(payeeCheckBadge(check({ status: 'no_match', effect: 'block' }))).toEqual({ color: 'red', label: 'No match: blocked' });
    expect(payeeCheckBadge(check({ status: 'no_match', effect: 'warn' }))).toEqual({ color: 'yellow', label: 'No match' });
    expect(payeeCheckView(check({ status: 'not_possible', effect: 'warn' }), when).color).toBe('yellow');
    expect(payeeCheckView(check({}), when)).toMatchObject({ color: 'green', bankName: null });
  });

  it('an outdated check says it runs again before sending', () => {
    const view = payeeCheckView(check({ outdated: true }), when);
    expect(view.color).toBe('yellow');
    expect(view.lines.some((l) => /runs again before sending/.test(l))).toBe(true);
    expect(payeeCheckBadge(check({ outdated: true })).label).toBe('Payee matches (outdated)');
  });

  it('the confirmation lists every check but a current match', () => {
    const items = [
      { id: 1, check: check({}) },
      { id: 2, check: check({ status: 'no_match', effect: 'block' }) },
      { id: 3, check: null },
      { id: 4, check: check({ outdated: true }) },
      { id: 5, check: check({ status: 'not_possible', effect: 'warn' }) },
    ];
    expect(checksToRead(items).map((i) => i.id)).toEqual([2, 4, 5]);
  });
});

describe('set-aside items and regressions', () => {
  it('a finished sync says how many items were set aside', () => {
    expect(noticeText({ fetched: { payouts: 1200 }, setAside: 0 })).toBe('Fetched 1,200 payouts.');
    const text = noticeText({ fetched: { creators: 3, payouts: 1200 }, setAside: 2 });
    expect(text).toMatch(/^Fetched 3 creators and 1,200 payouts\. 2 items could not be stored and were set aside; the rest was stored\./);
    expect(setAsideText(1)).toMatch(/^1 item could not be stored and was set aside/);
  });

  it('set-aside items are counted over resources and listed with their reason', () => {
    expect(
      setAsideCount({
        sync: [
          { resource: 'creators', lastSyncedAt: null, lastError: null, itemCount: 0, setAside: 1 },
          { resource: 'payouts', lastSyncedAt: null, lastError: null, itemCount: 0, setAside: 2 },
        ],
      }),
    ).toBe(3);
    expect(setAsideLine({ resource: 'payouts', remoteId: 'po_9', reason: 'amount is not whole cents', at: 'T' }, (iso) => `<${iso}>`)).toBe(
      'payouts · id po_9 · <T>: amount is not whole cents',
    );
    expect(setAsideLine({ resource: 'payouts', remoteId: null, reason: 'no id', at: 'T' }, (iso) => String(iso))).toBe(
      'payouts · T: no id',
    );
  });

  it('a regression names both statuses, the provider’s words and when', () => {
    const text = regressionText(
      {
        keptStatus: 'paid',
        keptProviderStatus: 'completed',
        reportedStatus: 'processing',
        reportedProviderStatus: 'requested',
        firstReportedAt: 'A',
        lastReportedAt: 'B',
        source: 'sync',
      },
      'Acme Pay',
      (iso) => iso,
    );
    expect(text).toBe('Paydesk kept Paid (“completed”); Acme Pay reports Processing (“requested”) since A, last B (seen by the sync).');
  });
});

describe('connection form and import modal', () => {
  it('only a custom environment asks for a base URL; the simulator is offered only to the demo’s connections', () => {
    expect(needsBaseUrl('custom')).toBe(true);
    for (const e of ['production', 'sandbox', 'simulator'] as const) expect(needsBaseUrl(e)).toBe(false);
    expect(environmentOptions('production').find((o) => o.value === 'simulator')).toMatchObject({ disabled: true });
    expect(environmentOptions('simulator').find((o) => o.value === 'simulator')?.disabled).toBeUndefined();
  });

  it('a file imported before says when and into which connection, and imports again only when asked', () => {
    const earlier = [
      { batchId: 'b-1', importedAt: 'A', rows: 120, connectionId: 'c1', connectionLabel: 'Main Talli' },
      { batchId: 'b-2', importedAt: 'B', rows: 1, connectionId: 'c2', connectionLabel: null },
    ];
    expect(earlierImportLines(earlier, (iso) => `<${iso}>`)).toEqual([
      '<A>: 120 rows into Main Talli (batch b-1)',
      '<B>: 1 row into a connection removed since (batch b-2)',
    ]);
    expect(importBlockedByEarlier({ alreadyImported: earlier }, false)).toBe(true);
    expect(importBlockedByEarlier({ alreadyImported: earlier }, true)).toBe(false);
    expect(importBlockedByEarlier({ alreadyImported: [] }, false)).toBe(false);
  });

  it('backups: sizes, kinds and what a restore replaces', () => {
    expect(formatBytes(999)).toBe('999 B');
    expect(formatBytes(12_345_678)).toBe('12.3 MB');
    const lines = restoreConsequences({ createdAt: 'T', name: 'paydesk-manual.sqlite' }, (iso) => `<${iso}>`);
    expect(lines[0]).toMatch(/^The whole database is replaced by the backup of <T> \(paydesk-manual\.sqlite\)/);
    expect(lines.join(' ')).toMatch(/current database is kept as a backup/);
    expect(lines.join(' ')).toMatch(/reloads/);
  });
});

describe('creator picker', () => {
  it('never shows two creators with the same label', () => {
    const c = (id: number, name: string | null, email: string | null = null) => ({ id, name, email, handle: null, remoteId: `r${id}` });
    const labels = creatorLabels([c(1, 'Lena Lindqvist'), c(2, 'Lena Lindqvist'), c(3, 'Lena Lindqvist', 'lena@example.com'), c(4, 'Ola')]);
    expect([...labels.values()]).toEqual(['Lena Lindqvist · id r1', 'Lena Lindqvist · id r2', 'Lena Lindqvist · lena@example.com', 'Ola']);
    expect(new Set(labels.values()).size).toBe(4);
  });
});
