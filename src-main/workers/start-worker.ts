/**
 * Starts one of main's worker threads (src-main/workers/*-worker.ts): beside this module's bundle when built
 * (electron-vite builds each as out/main/<name>.cjs, see electron.vite.config.ts), or its TypeScript source loaded
 * through tsx's API when this module runs as source (browser host, tests, bench: Node 20 does not hand a thread's
 * --import loaders to its workers).
 */
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type WorkerName = 'cache-writer-worker' | 'reader-worker' | 'sync-reader-worker';

export function startWorker(name: WorkerName, workerData: unknown): Worker {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith('.ts')) return new Worker(join(dirname(here), `${name}.cjs`), { workerData });
  const source = pathToFileURL(join(dirname(here), `${name}.ts`)).href;
  // tsx's ES module API (require.resolve finds its CommonJS twin beside it).
  const tsx = pathToFileURL(
    createRequire(import.meta.url)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs'),
  ).href;
  const boot = `import(${JSON.stringify(tsx)}).then(({ tsImport }) => tsImport(${JSON.stringify(source)}, ${JSON.stringify(import.meta.url)}))`;
  return new Worker(boot, { eval: true, workerData });
}
