import type { Statement } from 'better-sqlite3';
import type { Db } from './database';

/**
 * Prepares each SQL text once per connection: imports and replica pages run the same few statements tens of
 * thousands of times.
 */
export function preparedOnce(db: Db): (text: string) => Statement {
  const statements = new Map<string, Statement>();
  return (text) => {
    let statement = statements.get(text);
    if (!statement) {
      statement = db.prepare(text);
      statements.set(text, statement);
    }
    return statement;
  };
}
