import { resolve } from 'node:path';
import { defineConfig, externalizeDepsPlugin } from 'electron-vite';
import react from '@vitejs/plugin-react';

// src-shared/ is imported by every process as @shared/… (the same alias as in tsconfig.base.json).
const sharedAlias = { '@shared': resolve(__dirname, 'src-shared') };

// Three bundles: the Electron main process, the sandboxed preload, and the renderer.
// Native modules (better-sqlite3, keytar) stay external: they are loaded from node_modules at run time.
export default defineConfig({
  main: {
    plugins: [externalizeDepsPlugin()],
    build: {
      outDir: 'out/main',
      rollupOptions: {
        // Worker threads run from their own files (src-main/workers/start-worker.ts): the sync's database writer, the
        // reader of long read-only jobs (the payouts CSV export, audit Verify), and the sync's page reader.
        input: {
          index: resolve(__dirname, 'src-main/shell/main.ts'),
          'cache-writer-worker': resolve(__dirname, 'src-main/workers/cache-writer-worker.ts'),
          'reader-worker': resolve(__dirname, 'src-main/workers/reader-worker.ts'),
          'sync-reader-worker': resolve(__dirname, 'src-main/workers/sync-reader-worker.ts'),
        },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    resolve: { alias: sharedAlias },
  },
  preload: {
    // A sandboxed preload cannot require() npm packages, so everything it uses is bundled in.
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src-preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
    resolve: { alias: sharedAlias },
  },
  renderer: {
    root: 'src-renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      // electron-vite leaves the renderer unminified; minified, the 3.2 MB of script the window parses before its
      // first screen shrinks to about a third (docs/performance.md, "The UI").
      minify: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } },
    },
    resolve: { alias: sharedAlias },
  },
});
