/**
 * Kill during import: a child process imports a 20,000-row CSV into a real data directory and is killed with SIGKILL
 * at a random moment of its commit (32 trials spread over the whole transaction, a few just after it). After each
 * kill the data directory is opened again: the batch's 20,000 drafts are there or none are, integrity_check is ok,
 * the dead process's lock was taken over, and a second import of the same file is recognised exactly when the first
 * landed. Prints `import-crash: trials=N partial=0`.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '@shared/contract/model';
import { AppError } from '../../../src-main/errors';
import { createServices, type Services } from '../../../src-main/services';
import { KeytarCredentialStore } from '../../../src-main/credentials/keytar-store';
import { haveKeychain } from '../payouts/harness';

const ROWS = 20_000;
const TRIALS = 32;
const child = resolve(import.meta.dirname, 'import-child.ts');

async function open(dataDir: string): Promise<Services> {
  return await createServices({
    dataDir,
    host: 'browser',
    version: 'import-crash',
    credentials: new KeytarCredentialStore('Paydesk-test'),
    payouts: { poller: false },
    dailyBackups: false,
  });
}

interface Run {
  committed: boolean;
  killed: boolean;
  commitMs: number | null;
}

/** Runs the child; with killAfterMs, SIGKILLs it that long after its import's transaction started. */
function runChild(dataDir: string, csv: string, connectionId: string, killAfterMs?: number): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    // `node --import tsx`, not the tsx wrapper: the process killed must be the one that writes.
    const proc = spawn(process.execPath, ['--import', 'tsx', child, dataDir, csv, connectionId], {
      stdio: ['ignore', 'pipe', 'pipe'],
      cwd: resolve(import.meta.dirname, '../../..'),
    });
    let out = '';
    let err = '';
    let killed = false;
    proc.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (killAfterMs !== undefined && out.includes('commit-start') && !killed) {
        killed = true;
        setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      }
    });
    proc.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    proc.on('error', reject);
    proc.on('exit', (code, signal) => {
      const done = /committed (\d+) \S+ (\d+)/.exec(out);
      if (signal !== 'SIGKILL' && code !== 0) reject(new Error(`import child failed (${code}): ${err.slice(-2000)}`));
      else resolvePromise({ committed: Boolean(done), killed: signal === 'SIGKILL', commitMs: done ? Number(done[2]) : null });
    });
  });
}

describe.skipIf(!haveKeychain)('kill during import', () => {
  let root: string;
  let template: string;
  let csv: string;
  let content: string;
  let connection: Connection;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'paydesk-import-crash-'));
    template = join(root, 'template');
    const services = await open(template);
    connection = await services.connections.add({
      provider: 'talentir',
      label: 'Crash test',
      environment: 'custom',
      baseUrl: 'https://talentir.invalid/api/v1',
      authMode: 'bearer',
      credentials: { apiKey: 'tlt_crash_test_key_0123456789' },
    });
    await services.close();
    const lines = ['email,name,amount,currency,description'];
    for (let i = 0; i < ROWS; i += 1)
      lines.push(`creator${i}@example.com,Creator ${i},${10 + (i % 500)}.${String(i % 100).padStart(2, '0')},EUR,Fee ${i}`);
    content = `${lines.join('\n')}\n`;
    csv = join(root, 'payouts.csv');
    writeFileSync(csv, content);
  }, 60_000);

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('leaves all 20,000 drafts of the batch or none, and recognises the file when it landed', async () => {
    // One uninterrupted run tells how long the commit takes here, so the kills can be spread over all of it.
    const calibration = join(root, 'calibration');
    cpSync(template, calibration, { recursive: true });
    const full = await runChild(calibration, csv, connection.id);
    expect(full.committed).toBe(true);
    const commitMs = Math.max(full.commitMs ?? 0, 20);

    let partial = 0;
    let complete = 0;
    let none = 0;
    for (let trial = 0; trial < TRIALS; trial += 1) {
      const dataDir = join(root, `trial-${trial}`);
      cpSync(template, dataDir, { recursive: true });
      // Evenly spread over the commit (with jitter), the last few just past its end.
      const at = ((trial + Math.random()) / TRIALS) * commitMs * 1.15;
      const run = await runChild(dataDir, csv, connection.id, at);

      const services = await open(dataDir);
      try {
        const integrity = services.db.pragma('integrity_check') as Array<{ integrity_check: string }>;
        expect(integrity).toEqual([{ integrity_check: 'ok' }]);
        const batches = services.db
          .prepare('SELECT import_batch AS batch, count(*) AS n FROM payouts GROUP BY import_batch')
          .all() as Array<{
          batch: string | null;
          n: number;
        }>;
        const imported = batches.filter((b) => b.batch !== null);
        const records = services.db.prepare('SELECT batch_id, rows FROM import_batches').all() as Array<{ batch_id: string; rows: number }>;
        const audited = (
          services.db.prepare("SELECT count(*) AS n FROM audit_events WHERE action = 'payout.imported'").get() as { n: number }
        ).n;
        if (imported.length === 0) {
          none += 1;
          expect(records).toEqual([]);
          expect(audited).toBe(0);
          expect(services.payoutWorkflow.importer.earlierImports(content)).toEqual([]);
        } else {
          const whole = imported.length === 1 && imported[0]!.n === ROWS;
          if (!whole) partial += 1;
          expect(imported).toEqual([{ batch: records[0]?.batch_id, n: ROWS }]);
          expect(records).toEqual([{ batch_id: imported[0]!.batch, rows: ROWS }]);
          expect(audited).toBe(1);
          complete += 1;
          // A second import of the same file is recognised and refused without the explicit override.
          const again = await services.payoutWorkflow.importer
            .commit({ connectionId: connection.id, content, validOnly: false, skipDuplicates: false })
            .then(
              () => null,
              (error: unknown) => error,
            );
          expect(again).toBeInstanceOf(AppError);
          expect((again as AppError).code).toBe('CONFLICT');
          expect((again as AppError).message).toMatch(/This file was already imported on .* as batch .*; import it again anyway\?/);
        }
        if (run.committed) expect(imported.length).toBe(1);
      } finally {
        await services.close();
        rmSync(dataDir, { recursive: true, force: true });
      }
    }
    console.log(`import-crash: trials=${TRIALS} partial=${partial}`);
    console.log(`(import-crash details: none=${none} complete=${complete} commit=${commitMs} ms)`);
    // The kills hit the commit itself: some trials left nothing, and the ones after it found everything.
    expect(none).toBeGreaterThan(0);
    expect(complete + none).toBe(TRIALS);
    expect(partial).toBe(0);
  }, 900_000);
});
