/** Shared helpers for the benchmarks: paths, statistics, child processes, an in-memory credential store. */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CredentialStore, SecretFields } from '../../src-main/credentials/credential-store';

export const benchDir = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const projectRoot = resolve(benchDir, '..');
export const dataRoot = join(benchDir, 'data');

export function freshDir(name: string): string {
  const dir = join(dataRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}

/**
 * Secrets kept in memory for the benchmark run only: the benchmarks need no D-Bus/Secret Service.
 * (The app itself never does this; it uses the OS keychain.)
 */
export class MemoryCredentialStore implements CredentialStore {
  private readonly secrets = new Map<string, SecretFields>();
  async save(connectionId: string, secrets: SecretFields): Promise<void> {
    this.secrets.set(connectionId, { ...secrets });
  }
  async load(connectionId: string): Promise<SecretFields | null> {
    return this.secrets.get(connectionId) ?? null;
  }
  async remove(connectionId: string): Promise<boolean> {
    return this.secrets.delete(connectionId);
  }
  async status(): Promise<{ available: boolean; message: string | null }> {
    return { available: true, message: null };
  }
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length) - 1;
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank))]!;
}

export interface Summary {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function summarize(samples: readonly number[]): Summary {
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, v) => s + v, 0) / Math.max(1, sorted.length);
  return {
    n: sorted.length,
    p50: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
    mean: round(mean),
  };
}

export const round = (v: number, digits = 2) => (Number.isFinite(v) ? Math.round(v * 10 ** digits) / 10 ** digits : v);

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

/** Runs a bench/*.ts module in a child Node process with tsx, with an IPC channel. */
export function forkTs(script: string, args: string[] = [], options: { execArgv?: string[] } = {}): ChildProcess {
  return fork(join(benchDir, script), args, {
    execArgv: ['--import', 'tsx', ...(options.execArgv ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: projectRoot,
  });
}

/** The first IPC message of a child (or its failure). */
export function firstMessage<T>(child: ChildProcess, timeoutMs = 600_000): Promise<T> {
  return new Promise<T>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`child ${child.pid} sent nothing within ${timeoutMs} ms`)), timeoutMs);
    const done = () => clearTimeout(timer);
    child.once('message', (m) => {
      done();
      const msg = m as { error?: string };
      if (msg && typeof msg === 'object' && typeof msg.error === 'string') reject(new Error(msg.error));
      else resolvePromise(m as T);
    });
    child.once('exit', (code) => {
      done();
      reject(new Error(`child exited with code ${code} before answering`));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    if (child.connected) child.disconnect();
    else child.kill('SIGTERM');
  });
}

export function log(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}
