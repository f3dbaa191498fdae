import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ibanChecksumValid } from '../../../src-main/providers/draft-checks';
import { shortReferenceOf } from '../../../src-main/payouts/references';
import { connectionIds, createFixture, errorOf, TALLI_CAMPAIGN, type Fixture } from './fixture';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
});
afterEach(() => f.close());

const payoutCount = () => (f.db.prepare('SELECT count(*) AS n FROM payouts').get() as { n: number }).n;
const talentir = (amount: string, currency = 'EUR') => ({
  connectionId: connectionIds.talentir,
  recipient: { email: 'jane@example.com' },
  amount,
  currency,
  description: 'Campaign fee',
});

describe('draft validation: amounts', () => {
  it.each([
    ['1e3', /exponent notation; write the amount out in full/],
    ['0.001', /more than 2 decimal places, which EUR does not allow/],
    ['-5', /"-5" is negative; amounts must be positive/],
    ['10,00', /contains a comma; use a dot as the decimal mark/],
    ['', /^Enter an amount\.$/],
    ['   ', /^Enter an amount\.$/],
    ['12.5.0', /is not an amount; use digits with an optional dot/],
    ['0', /Enter an amount above zero/],
    ['0.05', /Talentir's minimum payout is 0\.10 EUR/],
  ])('%j is refused with a precise message on the amount field, and nothing is saved', async (amount, message) => {
    const error = await errorOf(() => f.w.drafts.create(talentir(amount)));
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fieldErrors?.amount).toMatch(message);
    expect(error.message).toMatch(message);
    expect(payoutCount()).toBe(0);
  });

  it('accepts 0.10 EUR at Talentir and stores minor units exactly', async () => {
    const detail = await f.w.drafts.create(talentir('0.10'));
    expect(detail.amount).toEqual({ minor: 10, currency: 'EUR' });
    expect(detail.status).toBe('draft');
    expect(detail.clientReference).toMatch(/^[0-9a-f-]{36}$/);
    expect(detail.shortReference).toBe(shortReferenceOf(detail.clientReference));
    expect(detail.shortReference!.length).toBeLessThanOrEqual(18);
  });
});

describe('draft validation: currencies the provider does not take', () => {
  it.each([
    ['talentir', 'JPY', /Talentir pays only in EUR, USD, CHF or GBP; JPY is not possible/],
    ['dots', 'EUR', /Dots pays only in USD; EUR is not possible/],
    ['talli', 'GBP', /Talli pays only in USD; GBP is not possible/],
    ['creatorpay', 'CAD', /Creator Pay pays only in USD; CAD is not possible/],
    ['tokenio', 'USD', /Token\.io pays only in GBP or EUR; USD is not possible/],
    ['talentir', 'euro', /"euro" is not a currency code/],
  ] as const)('%s refuses %s', async (provider, currency, message) => {
    const error = await errorOf(() =>
      f.w.drafts.create({ connectionId: connectionIds[provider], amount: '10.00', currency, description: 'x' }),
    );
    expect(error.fieldErrors?.currency).toMatch(message);
  });
});

describe('draft validation: recipients per provider', () => {
  it('Talentir: e-mail or @handle with its platform', async () => {
    expect((await errorOf(() => f.w.drafts.create({ ...talentir('10.00'), recipient: {} }))).fieldErrors?.['recipient.email']).toMatch(
      /e-mail or social handle/,
    );
    expect(
      (await errorOf(() => f.w.drafts.create({ ...talentir('10.00'), recipient: { handle: '@jane' } }))).fieldErrors?.[
        'recipient.platform'
      ],
    ).toMatch(/Choose the platform of @jane/);
    expect(
      (await errorOf(() => f.w.drafts.create({ ...talentir('10.00'), recipient: { handle: 'jane', platform: 'tiktok' } }))).fieldErrors?.[
        'recipient.handle'
      ],
    ).toMatch(/start with @/);
    expect(
      (await errorOf(() => f.w.drafts.create({ ...talentir('10.00'), recipient: { email: 'not-an-email' } }))).fieldErrors?.[
        'recipient.email'
      ],
    ).toMatch(/is not an e-mail address/);
    expect((await errorOf(() => f.w.drafts.create({ ...talentir('10.00'), description: '' }))).fieldErrors?.description).toMatch(
      /Talentir needs a description/,
    );
    const byHandle = await f.w.drafts.create({ ...talentir('10.00'), recipient: { handle: '@jane.creates', platform: 'tiktok' } });
    expect(byHandle.recipient).toEqual({ handle: '@jane.creates', platform: 'tiktok' });
  });

  describe('Talentir handles: a handle is paid only with its platform, on every path', () => {
    const talentirCreator = (fields: { handle?: string | null; platform?: string | null; email?: string | null }) =>
      Number(
        f.db
          .prepare(
            'INSERT INTO creators (connection_id, remote_id, name, email, handle, platform, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          )
          .run(
            connectionIds.talentir,
            `derived-${Math.random()}`,
            'Jane Creator',
            fields.email ?? null,
            fields.handle ?? null,
            fields.platform ?? null,
            '2026-03-01',
          ).lastInsertRowid,
      );
    const platformError = async (input: Parameters<typeof f.w.drafts.create>[0]) =>
      (await errorOf(() => f.w.drafts.create(input))).fieldErrors?.['recipient.platform'];

    it('the form: a handle without a platform (absent, empty or blank) is refused', async () => {
      for (const platform of [undefined, '', '   '])
        expect(
          await platformError({ ...talentir('10.00'), recipient: { handle: '@jane', ...(platform === undefined ? {} : { platform }) } }),
        ).toMatch(/Choose the platform of @jane/);
      expect(payoutCount()).toBe(0);
    });

    it('a picked creator: its handle needs a platform, and its platform never goes with another handle', async () => {
      const noPlatform = talentirCreator({ handle: '@jane.creates' });
      expect(await platformError({ ...talentir('10.00'), recipient: {}, creatorId: noPlatform })).toMatch(
        /Choose the platform of @jane\.creates/,
      );
      const onTikTok = talentirCreator({ handle: '@jane.tiktok', platform: 'tiktok' });
      expect((await f.w.drafts.create({ ...talentir('10.00'), recipient: {}, creatorId: onTikTok })).recipient).toMatchObject({
        handle: '@jane.tiktok',
        platform: 'tiktok',
      });
      // Another handle typed over the creator's: the creator's platform is not borrowed for it.
      expect(await platformError({ ...talentir('11.00'), recipient: { handle: '@someone.else' }, creatorId: onTikTok })).toMatch(
        /Choose the platform of @someone\.else/,
      );
    });

    it('a picked creator with a handle, paid by e-mail: the e-mail is paid, the handle is not slipped in', async () => {
      const withHandle = talentirCreator({ handle: '@jane.creates', platform: 'instagram' });
      const draft = await f.w.drafts.create({ ...talentir('12.00'), recipient: { email: 'jane@example.com' }, creatorId: withHandle });
      expect(draft.recipient).toEqual({ name: 'Jane Creator', email: 'jane@example.com' });
      const noPlatform = talentirCreator({ handle: '@jane.noplatform' });
      expect(
        (await f.w.drafts.create({ ...talentir('13.00'), recipient: { email: 'jane@example.com' }, creatorId: noPlatform })).recipient,
      ).toEqual({
        name: 'Jane Creator',
        email: 'jane@example.com',
      });
    });

    it('the CSV: a handle row without a platform (no column, or an empty cell) is invalid on its line', async () => {
      for (const content of [
        'name,handle,amount,currency,description\nJane,@jane,10.00,EUR,Fee\n',
        'name,handle,platform,amount,currency,description\nJane,@jane,,10.00,EUR,Fee\n',
      ]) {
        const preview = await f.w.importer.preview(connectionIds.talentir, content);
        expect(preview.invalid).toEqual([
          expect.objectContaining({ line: 2, errors: { platform: expect.stringMatching(/Choose the platform of @jane/) } }),
        ]);
      }
    });

    it('editing: a handle draft cannot lose its platform', async () => {
      const draft = await f.w.drafts.create({ ...talentir('14.00'), recipient: { handle: '@jane', platform: 'youtube-channel' } });
      const error = await errorOf(() => f.w.drafts.update(draft.id, { ...talentir('14.00'), recipient: { handle: '@jane' } }));
      expect(error.fieldErrors?.['recipient.platform']).toMatch(/Choose the platform of @jane/);
      expect(f.w.drafts.detail(draft.id).recipient).toEqual({ handle: '@jane', platform: 'youtube-channel' });
    });
  });

  it('Dots: a Dots user or a phone number', async () => {
    const base = { connectionId: connectionIds.dots, amount: '5.00', currency: 'USD' };
    expect((await errorOf(() => f.w.drafts.create(base))).fieldErrors?.['recipient.phoneNumber']).toMatch(/Dots user or a phone number/);
    expect(
      (await errorOf(() => f.w.drafts.create({ ...base, recipient: { phoneCountryCode: '1', phoneNumber: '555' } }))).fieldErrors?.[
        'recipient.phoneNumber'
      ],
    ).toMatch(/not a phone number Dots can text/);
    expect(
      (await errorOf(() => f.w.drafts.create({ ...base, recipient: { userId: 'user-7' } }))).fieldErrors?.['recipient.userId'],
    ).toMatch(/not a Dots user id/);
    expect((await f.w.drafts.create({ ...base, recipient: { phoneNumber: '+1 (202) 555-0139' } })).recipient?.phone).toEqual({
      countryCode: '1',
      number: '2025550139',
    });
  });

  it('Talli: a campaign of this connection and an e-mail', async () => {
    const base = { connectionId: connectionIds.talli, amount: '5.00', currency: 'USD' };
    const error = await errorOf(() => f.w.drafts.create(base));
    expect(error.fieldErrors?.campaignId).toMatch(/Talli pays through campaigns/);
    expect(error.fieldErrors?.['recipient.email']).toMatch(/Talli reaches beneficiaries by e-mail/);
    const draft = await f.w.drafts.create({ ...base, campaignId: f.campaignId, recipient: { email: 'bea@example.com', name: 'Bea' } });
    expect(draft.campaignName).toBe('Spring Launch');
    // A campaign of another connection is refused.
    expect(
      (
        await errorOf(() =>
          f.w.drafts.create({ ...base, connectionId: connectionIds.creatorpay, campaignId: f.campaignId, creatorId: f.creatorId }),
        )
      ).fieldErrors?.campaignId,
    ).toMatch(/another connection/);
    expect(TALLI_CAMPAIGN).toBeTruthy();
  });

  it('Token.io: creditor bank details (sort code + account for GBP, IBAN for EUR) and a reference Token.io accepts', async () => {
    const base = { connectionId: connectionIds.tokenio, amount: '25.00', description: 'Creator fee March' };
    const gbp = await errorOf(() =>
      f.w.drafts.create({ ...base, currency: 'GBP', recipient: { bank: { accountHolderName: 'Jane', sortCode: '12-34' } } }),
    );
    expect(gbp.fieldErrors?.['recipient.bank.sortCode']).toMatch(/six digits/);
    expect(gbp.fieldErrors?.['recipient.bank.accountNumber']).toMatch(/eight digits/);
    const eur = await errorOf(() =>
      f.w.drafts.create({
        ...base,
        currency: 'EUR',
        recipient: { bank: { accountHolderName: 'Jane', iban: 'DE89 3704 0044 0532 0130 01' } },
      }),
    );
    expect(eur.fieldErrors?.['recipient.bank.iban']).toMatch(/check digits do not match/);
    expect(
      (await errorOf(() => f.w.drafts.create({ ...base, currency: 'EUR', recipient: { bank: { iban: 'DE89370400440532013000' } } })))
        .fieldErrors?.['recipient.bank.accountHolderName'],
    ).toMatch(/account holder/);
    expect(
      (
        await errorOf(() =>
          f.w.drafts.create({
            ...base,
            description: 'aaaaaaa',
            currency: 'GBP',
            recipient: { bank: { accountHolderName: 'J', sortCode: '123456', accountNumber: '12345678' } },
          }),
        )
      ).fieldErrors?.description,
    ).toMatch(/at least 6 letters or digits in the description, not all the same/);
    expect(
      (
        await errorOf(() =>
          f.w.drafts.create({
            ...base,
            description: 'A much too long reference',
            currency: 'GBP',
            recipient: { bank: { accountHolderName: 'J', sortCode: '123456', accountNumber: '12345678' } },
          }),
        )
      ).fieldErrors?.description,
    ).toMatch(/at most 18 characters/);
    const ok = await f.w.drafts.create({
      ...base,
      currency: 'EUR',
      recipient: { bank: { accountHolderName: 'Jane', iban: 'de89 3704 0044 0532 0130 00' } },
    });
    expect(ok.recipient?.bank?.iban).toBe('DE89370400440532013000');
    expect(ibanChecksumValid('GB82WEST12345698765432')).toBe(true);
  });

  it('Creator Pay: a creator synced from this connection', async () => {
    const base = { connectionId: connectionIds.creatorpay, amount: '100.00', currency: 'USD' };
    expect((await errorOf(() => f.w.drafts.create(base))).fieldErrors?.['recipient.userId']).toMatch(
      /only creators that exist in Creator Pay/,
    );
    expect((await errorOf(() => f.w.drafts.create({ ...base, recipient: { userId: 'nope' } }))).fieldErrors?.['recipient.userId']).toMatch(
      /No Creator Pay creator with id "nope"/,
    );
    const draft = await f.w.drafts.create({ ...base, creatorId: f.creatorId });
    expect(draft.recipient).toMatchObject({
      userId: '5b0e7a52-1c3f-4e0c-9d7e-1f2a3b4c5d6e',
      name: 'Casey Creator',
      email: 'casey@example.com',
    });
  });
});

describe('draft lifecycle', () => {
  it('edit and delete are audited with before and after; an edit voids earlier approvals', async () => {
    const draft = await f.w.drafts.create({ ...talentir('10.00'), tags: ['spring', 'ugc', 'spring'] });
    expect(draft.tags).toEqual(['spring', 'ugc']);
    await f.as('Bob (bob)', () => f.w.approvals.approve([draft.id]));
    expect(f.w.drafts.detail(draft.id).status).toBe('approved');
    // Approved payouts are no longer drafts: they cannot be edited.
    expect((await errorOf(() => f.w.drafts.update(draft.id, talentir('11.00')))).message).toMatch(/Only drafts can be changed/);

    const second = await f.w.drafts.create(talentir('20.00'));
    await f.w.updatePolicy({ ...f.w.policy(), approvalThresholds: [{ minor: 1000, currency: 'EUR' }] });
    await f.as('Bob (bob)', () => f.w.approvals.approve([second.id]));
    expect(f.w.drafts.detail(second.id).approvals.filter((a) => !a.voidedAt)).toHaveLength(1);
    const edited = await f.w.drafts.update(second.id, talentir('21.00'));
    expect(edited.amount.minor).toBe(2100);
    expect(edited.approvals.every((a) => a.voidedAt)).toBe(true);
    const updatedEvent = f.audit.list({ action: 'payout.draft_updated' })[0]!;
    expect(updatedEvent.details).toMatchObject({
      before: { amount: { minor: 2000 } },
      after: { amount: { minor: 2100 } },
      approvalsVoided: 1,
    });

    await f.w.drafts.delete(second.id);
    expect(f.audit.list({ action: 'payout.draft_deleted' })[0]!.details).toMatchObject({
      before: { amount: { minor: 2100 } },
      after: null,
    });
    expect((await errorOf(() => f.w.drafts.detail(second.id))).code).toBe('NOT_FOUND');
    expect(f.audit.verify()).toMatchObject({ intact: true });
  });

  it('bank numbers are masked in the audit trail', async () => {
    await f.w.drafts.create({
      connectionId: connectionIds.tokenio,
      amount: '25.00',
      currency: 'GBP',
      description: 'Creator fee March',
      recipient: { bank: { accountHolderName: 'Jane', sortCode: '123456', accountNumber: '87654321' } },
    });
    const event = f.audit.list({ action: 'payout.draft_created' })[0]!;
    expect(JSON.stringify(event.details)).not.toContain('87654321');
    expect(JSON.stringify(event.details)).toContain('4321');
  });
});
