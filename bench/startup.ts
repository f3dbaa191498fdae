/** Start-up on the generated database, each run in a fresh Node process (see startup-child.ts); medians. */
import { firstMessage, forkTs, log, median, round } from './lib/common';

export interface StartupRun {
  importMs: number;
  openMs: number;
  firstPageMs: number;
  openAndFirstPageMs: number;
  servicesMs: number;
  appInfoMs: number;
  servicesFirstPageMs: number;
  servicesTotalMs: number;
  rows: number;
  workspaceEmpty: boolean;
}

export interface StartupResult {
  runs: number;
  median: Omit<StartupRun, 'rows' | 'workspaceEmpty'>;
  first: StartupRun;
}

export async function benchStartup(dataDir: string, runs: number): Promise<StartupResult> {
  const results: StartupRun[] = [];
  for (let i = 0; i < runs; i += 1) {
    const child = forkTs('startup-child.ts', [dataDir]);
    results.push(await firstMessage<StartupRun>(child, 120_000));
  }
  const m = (key: keyof Omit<StartupRun, 'rows' | 'workspaceEmpty'>) => round(median(results.map((r) => r[key])));
  const result: StartupResult = {
    runs,
    median: {
      importMs: m('importMs'),
      openMs: m('openMs'),
      firstPageMs: m('firstPageMs'),
      openAndFirstPageMs: m('openAndFirstPageMs'),
      servicesMs: m('servicesMs'),
      appInfoMs: m('appInfoMs'),
      servicesFirstPageMs: m('servicesFirstPageMs'),
      servicesTotalMs: m('servicesTotalMs'),
    },
    first: results[0]!,
  };
  log(
    `start-up: open ${result.median.openMs} ms + first page ${result.median.firstPageMs} ms; services ${result.median.servicesTotalMs} ms (median of ${runs})`,
  );
  return result;
}
