import type { Db } from '../../src-main/storage/database';

/**
 * Times every statement the database runs from now on (all, get, run, iterate; EXPLAINs aside): `onStatement` gets its
 * SQL, parameters and milliseconds. Returns the untimed prepare, for the benchmark's own statements.
 */
export function timeStatements(db: Db, onStatement: (sql: string, params: unknown[], ms: number) => void): Db['prepare'] {
  const prepare = db.prepare.bind(db);
  (db as { prepare: unknown }).prepare = ((sql: string) => {
    const stmt = prepare(sql);
    if (/^\s*EXPLAIN/i.test(sql)) return stmt;
    for (const method of ['all', 'get', 'run', 'iterate'] as const) {
      const original = (stmt[method] as (...a: unknown[]) => unknown).bind(stmt);
      (stmt as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
        const t = performance.now();
        try {
          return original(...args);
        } finally {
          onStatement(sql, args, performance.now() - t);
        }
      };
    }
    return stmt;
  }) as Db['prepare'];
  return prepare;
}
