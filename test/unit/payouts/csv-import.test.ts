import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { providerIds } from '../../../src-main/providers/registry';
import { connectionIds, createFixture, type Fixture } from './fixture';

let f: Fixture;
beforeEach(() => {
  f = createFixture();
});
afterEach(() => f.close());

const count = () => (f.db.prepare('SELECT count(*) AS n FROM payouts').get() as { n: number }).n;
const dots = connectionIds.dots;
const header = 'name,phone_country_code,phone,amount,currency,description,tags,campaign';

describe('CSV import: the file as a whole', () => {
  it('refuses a missing column with its name, and imports nothing', async () => {
    const preview = await f.w.importer.preview(connectionIds.talentir, 'email,currency,description\njane@example.com,EUR,Fee\n');
    expect(preview.fileErrors[0]).toMatch(/The file has no "amount" column; Talentir imports need amount, currency, description/);
    expect(preview.totalRows).toBe(0);
    await expect(
      f.w.importer.commit({
        connectionId: connectionIds.talentir,
        content: 'email,currency,description\njane@example.com,EUR,Fee\n',
        validOnly: true,
        skipDuplicates: false,
      }),
    ).rejects.toThrow(/no "amount" column/);
    expect(count()).toBe(0);
  });

  it.each([
    [';', /separates columns with semicolons \(;\), not commas/],
    ['\t', /separates columns with tabs, not commas/],
  ])('refuses a wrong delimiter %j', async (delimiter, message) => {
    const content = `${header.split(',').join(delimiter)}\nJane${delimiter}1${delimiter}2025550139${delimiter}5.00${delimiter}USD${delimiter}Fee${delimiter}${delimiter}\n`;
    const preview = await f.w.importer.preview(dots, content);
    expect(preview.fileErrors).toHaveLength(1);
    expect(preview.fileErrors[0]).toMatch(message);
  });

  it('names an unknown column and suggests the right one', async () => {
    const preview = await f.w.importer.preview(dots, 'name,phone,ammount,currency\nJane,+12025550139,5.00,USD\n');
    expect(preview.fileErrors.join(' ')).toMatch(/Unknown column "ammount" in line 1; did you mean "amount"\?/);
  });

  it('an empty file and a header-only file get their own messages', async () => {
    expect((await f.w.importer.preview(dots, '')).fileErrors[0]).toMatch(/The file is empty/);
    expect((await f.w.importer.preview(dots, `${header}\n`)).fileErrors[0]).toMatch(/header line but no payouts/);
  });
});

describe('CSV import: rows', () => {
  it.each([
    ['CRLF', '\r\n'],
    ['LF', '\n'],
  ])('reports each invalid row with its line number (quoted line breaks and blank lines counted) and column (%s)', async (_, eol) => {
    const content = [
      header,
      'Jane,1,2025550139,5.00,USD,"Fee for',
      'two lines",spring,',
      '',
      'Joe,1,2025550140,1e3,USD,Fee,,',
      'Ann,1,2025550141,10,00,USD,Fee,,',
      'Bob,1,2025550142,-5,USD,Fee,,',
      'Eve,1,2025550143,5.00,EUR,Fee,,',
      'Max,,,5.00,USD,Fee,,',
      'Kim,1,2025550144,0.001,USD,Fee,,',
    ].join(eol);
    const preview = await f.w.importer.preview(dots, content);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.totalRows).toBe(7);
    expect(preview.validRows).toBe(1);
    const byLine = Object.fromEntries(preview.invalid.map((r) => [r.line, r.errors]));
    expect(byLine[5]).toEqual({ amount: expect.stringMatching(/exponent notation/) });
    expect(byLine[6]?._).toMatch(/Line 6 has 9 values but the header has 8 columns/);
    expect(byLine[7]).toEqual({ amount: expect.stringMatching(/negative/) });
    expect(byLine[8]).toEqual({ currency: expect.stringMatching(/Dots pays only in USD; EUR is not possible/) });
    expect(byLine[9]).toEqual({ phone: expect.stringMatching(/Dots user or a phone number/) });
    expect(byLine[10]).toEqual({ amount: expect.stringMatching(/more than 2 decimal places/) });
    expect(preview.rows[0]).toMatchObject({ line: 2, valid: true, amount: { minor: 500, currency: 'USD' } });
    expect(preview.totals).toEqual([{ minor: 500, currency: 'USD' }]);
  });

  it('counts lines of only commas (and of commas and spaces) as the lines they are: later rows keep their numbers', async () => {
    const content = [
      header,
      'Jane,1,2025550139,5.00,USD,Fee,,', // line 2
      ',,,,,,,', // line 3: a spreadsheet's empty row
      ' , ,\t, ,,,,', // line 4
      'Joe,1,2025550140,abc,USD,Fee,,', // line 5
      ',,,,,,,', // line 6
      '', // line 7
      'Ann,1,2025550141,6.00,USD,"Fee over', // line 8 …
      'two lines",,', // … and 9
      ',,,,,,,', // line 10
      'Bob,1,2025550142,7.00,USD,Fee,,', // line 11
    ].join('\r\n');
    const preview = await f.w.importer.preview(dots, content);
    expect(preview.fileErrors).toEqual([]);
    expect(preview.rows.map((r) => r.line)).toEqual([2, 5, 8, 11]);
    expect(preview.invalid.map((r) => r.line)).toEqual([5]);
    const result = await f.w.importer.commit({ connectionId: dots, content, validOnly: true, skipDuplicates: false });
    expect(result.imported).toBe(3);
    expect(f.audit.list({ action: 'payout.imported' })[0]!.details).toMatchObject({ rows: 3, firstLine: 2, lastLine: 11 });
  });

  it('imports nothing while any row is invalid, unless only the valid rows are chosen', async () => {
    const content = `${header}\nJane,1,2025550139,5.00,USD,Fee,,\nJoe,1,2025550140,abc,USD,Fee,,\n`;
    await expect(f.w.importer.commit({ connectionId: dots, content, validOnly: false, skipDuplicates: false })).rejects.toThrow(
      /Nothing was imported: 1 row has errors \(first on line 3, amount:/,
    );
    expect(count()).toBe(0);
    const result = await f.w.importer.commit({ connectionId: dots, content, validOnly: true, skipDuplicates: false });
    expect(result).toMatchObject({ imported: 1, skippedInvalid: 1, totals: [{ minor: 500, currency: 'USD' }] });
    expect(count()).toBe(1);
    const event = f.audit.list({ action: 'payout.imported' })[0]!;
    expect(event.details).toMatchObject({ rows: 1, firstLine: 2, lastLine: 2 });
  });

  it('flags possible duplicates: same recipient, amount, currency and campaign within the window', async () => {
    await f.w.drafts.create({
      connectionId: dots,
      recipient: { phoneNumber: '+12025550139' },
      amount: '5.00',
      currency: 'USD',
      localCampaign: 'Spring',
    });
    const content = [
      header,
      'Jane,1,2025550139,5.00,USD,Fee,,Spring', // same as the existing draft
      'Jane,1,2025550139,5.00,USD,Fee,,Summer', // other campaign
      'Jane,1,2025550139,6.00,USD,Fee,,Spring', // other amount
      'Jim,1,2025550150,7.00,USD,Fee,,', // new …
      'Jim,1,2025550150,7.00,USD,Fee,,', // … and the same again in this file
    ].join('\n');
    const preview = await f.w.importer.preview(dots, content);
    expect(preview.rows.map((r) => r.possibleDuplicate)).toEqual([true, false, false, false, true]);
    expect(preview.rows[0]!.duplicateOf).toMatch(/payout #1 of 2026-03-01/);
    expect(preview.rows[4]!.duplicateOf).toBe('line 5 of this file');
    expect(preview.duplicateRows).toBe(2);

    // Outside the configured window the old payout no longer counts.
    await f.w.updatePolicy({ ...f.w.policy(), duplicateWindowDays: 5 });
    f.setNow(new Date('2026-03-10T10:00:00.000Z'));
    expect((await f.w.importer.preview(dots, content)).rows[0]!.possibleDuplicate).toBe(false);

    const committed = await f.w.importer.commit({ connectionId: dots, content, validOnly: false, skipDuplicates: true });
    expect(committed).toMatchObject({ imported: 4, skippedDuplicates: 1 });
  });

  it('finds duplicates among more earlier payouts than one page of candidates, all made at the same moment', async () => {
    // 4,500 earlier drafts with one created_at (the fixture's clock stands still): the candidates are read 2,000 at a
    // time, and only the id tells the pages apart.
    const rows = Array.from({ length: 4_500 }, (_, i) => `Payee ${i},1,${2_025_550_000 + i},${(i % 90) + 1}.00,USD,Fee,,`);
    const content = [header, ...rows].join('\n');
    const first = await f.w.importer.commit({ connectionId: dots, content, validOnly: false, skipDuplicates: false });
    expect(first.imported).toBe(4_500);
    const again = [header, ...rows.map((row) => row.replace(',Fee,', ',Fee again,'))].join('\n');
    const preview = await f.w.importer.preview(dots, again);
    expect(preview.totalRows).toBe(4_500);
    expect(preview.duplicateRows).toBe(4_500);
    const committed = await f.w.importer.commit({ connectionId: dots, content: again, validOnly: false, skipDuplicates: true });
    expect(committed).toMatchObject({ imported: 0, skippedDuplicates: 4_500 });
    expect(count()).toBe(4_500);
  });

  it.each([...providerIds] as Array<keyof typeof connectionIds>)(
    '%s: the template round-trips through preview and import',
    async (provider) => {
      const template = f.w.importer.template(connectionIds[provider]);
      expect(template.mimeType).toBe('text/csv');
      const preview = await f.w.importer.preview(connectionIds[provider], template.content);
      expect(preview.fileErrors).toEqual([]);
      expect(preview.invalid).toEqual([]);
      expect(preview.validRows).toBe(1);
      const result = await f.w.importer.commit({
        connectionId: connectionIds[provider],
        content: template.content,
        validOnly: false,
        skipDuplicates: false,
      });
      expect(result.imported).toBe(1);
      const [row] = Papa.parse<Record<string, string>>(template.content.trim(), { header: true }).data;
      const draft = f.w.drafts.detail((f.db.prepare('SELECT max(id) AS id FROM payouts').get() as { id: number }).id);
      expect(draft.status).toBe('draft');
      expect(draft.amount.currency).toBe(row!.currency);
    },
  );
});

describe('CSV import: 50,000 rows', () => {
  // How long it takes and how long the event loop waits meanwhile are measured by `npm run bench` (bench/), not here.
  it('previews and imports 50,000 rows, naming the one bad line, letting the event loop turn meanwhile', async () => {
    const lines = [header];
    for (let i = 0; i < 50_000; i += 1)
      lines.push(`Creator ${i},1,${2025550000 + (i % 10_000)},${(i % 900) + 1}.${String(i % 100).padStart(2, '0')},USD,Fee ${i},bulk,`);
    lines[25_001] = 'Broken,1,2025550139,12.345,USD,Fee,,';
    const content = lines.join('\n');

    // The preview yields to the event loop while it reads: timers fire during it, not only after.
    let ticksDuringPreview = 0;
    const ticker = setInterval(() => (ticksDuringPreview += 1), 1);
    let preview: Awaited<ReturnType<typeof f.w.importer.preview>>;
    try {
      preview = await f.w.importer.preview(dots, content);
    } finally {
      clearInterval(ticker);
    }
    expect(ticksDuringPreview).toBeGreaterThan(0);
    expect(preview.totalRows).toBe(50_000);
    expect(preview.invalidRows).toBe(1);
    expect(preview.invalid[0]).toMatchObject({ line: 25_002, errors: { amount: expect.stringMatching(/more than 2 decimal places/) } });
    expect(preview.rows).toHaveLength(100);
    expect(preview.truncated).toBe(true);

    const result = await f.w.importer.commit({ connectionId: dots, content, validOnly: true, skipDuplicates: false });
    expect(result.imported).toBe(49_999);
    expect(count()).toBe(49_999);
    // The import is one transaction with one audit event for all of its rows.
    const events = f.audit.list({ action: 'payout.imported', limit: 100 });
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({ rows: 49_999, firstLine: 2 });
  }, 300_000);
});

describe('CSV import: a file imported before is recognised', () => {
  const file = 'email,name,amount,currency,description\njane@example.com,Jane,12.50,EUR,Fee one\njo@example.com,Jo,8.00,EUR,Fee two\n';
  const commit = (importAgain?: boolean) =>
    f.w.importer.commit({ connectionId: connectionIds.talentir, content: file, validOnly: false, skipDuplicates: false, importAgain });

  it('says when and as which batch in the preview, refuses a second commit, and imports again only when told to (audited)', async () => {
    expect((await f.w.importer.preview(connectionIds.talentir, file)).alreadyImported).toEqual([]);
    const first = await commit();
    expect(first.imported).toBe(2);
    const preview = await f.w.importer.preview(connectionIds.talentir, file);
    expect(preview.alreadyImported).toEqual([
      expect.objectContaining({ batchId: first.batchId, rows: 2, connectionId: connectionIds.talentir }),
    ]);
    expect(preview.alreadyImportedMessage).toMatch(
      new RegExp(
        `^This file was already imported on \\d{4}-\\d{2}-\\d{2} at \\d{2}:\\d{2} UTC as batch ${first.batchId} \\(2 payouts into ".+"\\); import it again anyway\\?$`,
      ),
    );
    await expect(commit()).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/already imported .*Nothing was imported\./),
    });
    expect(count()).toBe(2);
    const again = await commit(true);
    expect(again.imported).toBe(2);
    expect(again.reimportOf).toEqual([first.batchId]);
    expect(count()).toBe(4);
    const audited = f.audit.list({ action: 'payout.imported' });
    expect(audited).toHaveLength(2);
    expect(audited[0]!.details).toMatchObject({ importedAgain: true, reimportOf: [first.batchId] });
    expect(audited[1]!.details).not.toHaveProperty('importedAgain');
    // A different file (one byte changed) is a new file.
    expect((await f.w.importer.preview(connectionIds.talentir, file.replace('Fee one', 'Fee 1'))).alreadyImported).toEqual([]);
  });
});

describe('CSV import: a user named by e-mail', () => {
  const creatorpay = connectionIds.creatorpay;
  const file = (rows: string[]) => `creator_id,email,amount,currency,description,tags,campaign\n${rows.join('\n')}\n`;
  const addCreator = (remoteId: string, email: string) =>
    f.db
      .prepare(`INSERT INTO creators (connection_id, remote_id, name, email, updated_at) VALUES (?, ?, 'Other', ?, ?)`)
      .run(creatorpay, remoteId, email, new Date().toISOString());

  it('is paid when one cached user has the e-mail, and refused naming them all when several do', async () => {
    // The fixture caches one Creator Pay user with casey@example.com.
    const one = await f.w.importer.preview(creatorpay, file([',Casey@Example.com,5.00,USD,Fee,,']));
    expect(one).toMatchObject({ validRows: 1, invalidRows: 0 });

    addCreator('7c1d0e2f-0000-4000-8000-000000000002', 'CASEY@example.com');
    addCreator('7c1d0e2f-0000-4000-8000-000000000003', 'sam@example.com');
    const rows = [
      ',casey@example.com,5.00,USD,Fee,,',
      ',sam@example.com,6.00,USD,Fee,,',
      '7c1d0e2f-0000-4000-8000-000000000002,,7.00,USD,Fee,,',
    ];
    const several = await f.w.importer.preview(creatorpay, file(rows));
    expect(several).toMatchObject({ validRows: 2, invalidRows: 1 });
    expect(several.invalid[0]).toMatchObject({ line: 2 });
    expect(several.invalid[0]!.errors.creator_id).toMatch(
      /^2 Creator Pay users in this connection's cache have the e-mail casey@example\.com \(.+, .+\): put the one to pay in the creator_id column\.$/,
    );
    await expect(
      f.w.importer.commit({ connectionId: creatorpay, content: file(rows), validOnly: false, skipDuplicates: false }),
    ).rejects.toThrow(/Nothing was imported: 1 row has errors \(first on line 2, creator_id: 2 Creator Pay users/);
    expect(count()).toBe(0);
  });

  it('finds every user of a connection with more cached creators than one page', async () => {
    const insert = f.db.prepare(`INSERT INTO creators (connection_id, remote_id, name, email, updated_at) VALUES (?, ?, 'Bulk', ?, ?)`);
    const now = new Date().toISOString();
    f.db.transaction(() => {
      for (let i = 0; i < 4_500; i += 1) insert.run(creatorpay, `bulk-${String(i).padStart(5, '0')}`, `bulk${i}@example.com`, now);
      // The same e-mail at both ends of the remote-id order: two different pages.
      insert.run(creatorpay, 'aaaa-first', 'twice@example.com', now);
      insert.run(creatorpay, 'zzzz-last', 'twice@example.com', now);
    })();
    const preview = await f.w.importer.preview(
      creatorpay,
      file([',bulk4499@example.com,5.00,USD,Fee,,', ',bulk0@example.com,5.00,USD,Fee,,', ',twice@example.com,5.00,USD,Fee,,']),
    );
    expect(preview).toMatchObject({ validRows: 2, invalidRows: 1 });
    expect(preview.invalid[0]!.errors.creator_id).toMatch(/^2 Creator Pay users .* \(aaaa-first, zzzz-last\)/);
  });
});
