/**
 * CPU profiles of a section of the benchmark (`npm run bench -- --profile`): written as .cpuprofile files under
 * bench/data/profiles (open them in Chrome DevTools), plus a summary of the top self-time functions.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { join, relative } from 'node:path';
import { dataRoot, projectRoot } from './common';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface ProfileHandle {
  stop(name: string): Promise<{ file: string; top: Array<{ fn: string; selfMs: number; pct: number }> }>;
}

export async function startProfile(): Promise<ProfileHandle> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(name) {
      const { profile } = (await session.post('Profiler.stop')) as unknown as { profile: CpuProfile };
      session.disconnect();
      const dir = join(dataRoot, 'profiles');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${name}.cpuprofile`);
      writeFileSync(file, JSON.stringify(profile));
      return { file: relative(projectRoot, file), top: topSelfTime(profile, 15) };
    },
  };
}

export function topSelfTime(profile: CpuProfile, count: number): Array<{ fn: string; selfMs: number; pct: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  for (let i = 0; i < samples.length; i += 1) self.set(samples[i]!, (self.get(samples[i]!) ?? 0) + (deltas[i] ?? 0));
  const totals = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${url.replace(/^file:\/\//, '').replace(`${projectRoot}/`, '')}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    totals.set(key, (totals.get(key) ?? 0) + us);
  }
  const all = [...totals.values()].reduce((s, v) => s + v, 0) || 1;
  return [...totals.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([fn, us]) => ({ fn, selfMs: Math.round(us / 1000), pct: Math.round((1000 * us) / all) / 10 }));
}
