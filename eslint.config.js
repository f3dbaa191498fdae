// Lint keeps the architecture honest (docs/design.md): each process imports only what it may, main's layers
// point one way, and there are no import cycles. Formatting is Prettier's job (eslint-config-prettier turns off
// the rules that would fight it).
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import reactHooks from 'eslint-plugin-react-hooks';
import prettier from 'eslint-config-prettier';

const nodeOnly = {
  group: ['node:*', 'better-sqlite3', 'keytar', 'ws', 'electron', 'pg', 'pg-pool'],
  message: 'Node and Electron modules belong to main (src-main/).',
};

/** The folders of main, each a layer or a domain (docs/design.md). */
const mainFolders = [
  'api',
  'audit',
  'backups',
  'connections',
  'credentials',
  'insights',
  'logging',
  'payouts',
  'providers',
  'shell',
  'startup',
  'storage',
  'sync',
  'team',
  'workspace',
];
const mainTargets = (except) => [
  ...mainFolders.filter((f) => !except.includes(f)).map((f) => `./src-main/${f}`),
  ...(except.includes('services') ? [] : ['./src-main/services.ts']),
];

/** Main's layers: a lower layer never imports a higher one. */
const mainLayers = [
  // The Electron shell is the top: nothing else imports it (the browser host and the tests run without Electron).
  { target: mainTargets(['shell', 'services']), from: './src-main/shell', message: 'Only the Electron shell imports the shell.' },
  // The API binds the services to IPC; services and lower layers never reach back into it.
  {
    target: mainTargets(['api', 'shell', 'services']),
    from: './src-main/api',
    message: 'Services and lower layers do not import the API layer.',
  },
  // Storage, credentials, audit and providers are the bottom layers: they know nothing of the workflow above them.
  ...['storage', 'credentials', 'audit', 'providers'].map((lower) => ({
    target: `./src-main/${lower}`,
    from: [
      './src-main/payouts',
      './src-main/sync',
      './src-main/insights',
      './src-main/connections',
      './src-main/workspace',
      './src-main/team',
      './src-main/services.ts',
    ],
    message: `src-main/${lower}/ is a lower layer: it does not import the workflow, sync, insights, connections, workspace or team.`,
  })),
  // Providers never touch the database; storage never builds provider clients or reads secrets.
  {
    target: './src-main/providers',
    from: ['./src-main/storage', './src-main/audit', './src-main/credentials'],
    message: 'Providers speak HTTP only; storage is not theirs.',
  },
  { target: './src-main/storage', from: ['./src-main/credentials'], message: 'Secrets never go near the database.' },
  // Start-up errors and data-folder checks are the very bottom: everything may use them, they use nothing of Paydesk.
  {
    target: './src-main/startup',
    from: mainFolders.filter((f) => f !== 'startup').map((f) => `./src-main/${f}`),
    message: 'src-main/startup/ runs before anything else exists: it imports nothing of main but errors.ts.',
  },
];

export default tseslint.config(
  { ignores: ['out/', 'node_modules/', 'bench/data/', 'test-results/', '.electron-native/', 'dist/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only .js files and no-cycle never sees a TypeScript edge.
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({ project: ['src-*/tsconfig.json', 'tsconfig.json'], noWarnOnMultipleProjects: true }),
      ],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src-shared',
              from: ['./src-main', './src-preload', './src-renderer'],
              message: 'src-shared/ is imported by every process and imports none of them.',
            },
            {
              target: './src-renderer',
              from: ['./src-main', './src-preload'],
              message: 'The renderer reaches main only through the contract (src-shared/contract).',
            },
            {
              target: './src-preload',
              from: ['./src-main', './src-renderer'],
              message: 'The preload exposes the contract; it imports no process code.',
            },
            {
              target: './src-main',
              from: ['./src-renderer', './src-preload'],
              message: 'Main does not import the renderer or the preload.',
            },
            ...mainLayers,
          ],
        },
      ],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [nodeOnly] }] },
  },
  ...[
    { files: ['src-renderer/**/*.{ts,tsx}'], banned: nodeOnly },
    // The sandboxed preload uses Electron's contextBridge and ipcRenderer, and nothing else of Node.
    { files: ['src-preload/**/*.ts'], banned: { ...nodeOnly, group: nodeOnly.group.filter((m) => m !== 'electron') } },
  ].map(({ files, banned }) => ({
    // No Node; from the contract's schemas only types (so the schemas, and zod, stay in main).
    files,
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@shared/contract',
              allowTypeImports: true,
              message: "Import only types from the contract (its schemas are main's); values come from its zod-free files.",
            },
          ],
          patterns: [
            banned,
            {
              group: ['@shared/contract/index', '@shared/contract/operation', '@shared/contract/payouts', '@shared/contract/insights'],
              allowTypeImports: true,
              message:
                "Import only types from the contract's schemas; values come from names, model, providers, payouts-model or insights-model.",
            },
            { group: ['zod'], message: 'Schemas are checked in main; the renderer and preload do not need zod.' },
          ],
        },
      ],
    },
  })),
  {
    // Only the Electron shell (and its tests' stand-in) may import electron; only the team workspace speaks PostgreSQL
    // (its SQL in src-main/storage/postgres/, its connections in src-main/team/).
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/shell/**', 'src-main/storage/postgres/**', 'src-main/team/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'Only src-main/shell/ imports electron: everything else runs under plain Node.' },
            { name: 'pg', message: 'PostgreSQL is spoken only in src-main/storage/postgres/ (SQL) and src-main/team/ (connections).' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/storage/postgres/**/*.ts', 'src-main/team/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only src-main/shell/ imports electron: everything else runs under plain Node.' }] },
      ],
    },
  },
  {
    files: ['src-renderer/**/*.tsx', 'src-renderer/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
  prettier,
);
