import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// End-to-end: the built renderer in Debian's Chromium, driven by Playwright, against the browser host.
export default defineConfig({
  resolve: { alias: { '@shared': resolve(import.meta.dirname, 'src-shared') } },
  test: {
    include: ['test/e2e/**/*.e2e.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
