/**
 * Why Paydesk could not start, as a typed error with what happened and what to do, and the page that says so. The
 * Electron shell and the browser host show renderStartupErrorPage(error) instead of the app when createServices
 * throws: a static page (no script, nothing loaded from anywhere) that needs no part of the app to work.
 */
import { AppError } from '../errors';

export type StartupErrorCode =
  /** The data directory cannot be created, secured (0700) or written. */
  | 'DATA_DIR_UNUSABLE'
  /** Another live Paydesk process holds the data directory's lock. */
  | 'ALREADY_RUNNING'
  /** The database file (or its folder) cannot be written. */
  | 'DATABASE_READ_ONLY'
  /** The file is not an SQLite database at all. */
  | 'NOT_A_DATABASE'
  /** An SQLite database, but not Paydesk's: refused and left untouched. */
  | 'FOREIGN_DATABASE'
  /** PRAGMA quick_check found damage. */
  | 'DATABASE_CORRUPT'
  /** Written by a newer Paydesk. */
  | 'DATABASE_NEWER'
  /** Another program holds a lock on the database file. */
  | 'DATABASE_LOCKED'
  /** The backup before a migration failed, so the migration did not run. */
  | 'BACKUP_FAILED'
  /** A migration failed (and was rolled back). */
  | 'MIGRATION_FAILED'
  /** Anything else while opening the database. */
  | 'DATABASE_UNAVAILABLE';

/** An error at start-up; its message is what happened and what to do, safe to show (paths, never secrets). */
export class StartupError extends AppError {
  constructor(
    readonly reason: StartupErrorCode,
    /** One sentence: what happened. */
    readonly what: string,
    /** What the user can do about it. */
    readonly todo: string,
    /** The file or folder concerned. */
    readonly path: string,
    /** The underlying error's text (SQLite's or the OS's), for the page's details. */
    readonly detail?: string,
  ) {
    super('DATABASE', `${what}${detail ? ` (${detail})` : ''}. ${todo}`);
    this.name = 'StartupError';
  }
}

const TITLES: Record<StartupErrorCode, string> = {
  DATA_DIR_UNUSABLE: 'Paydesk cannot use its data folder',
  ALREADY_RUNNING: 'Paydesk is already running',
  DATABASE_READ_ONLY: 'The Paydesk database is read-only',
  NOT_A_DATABASE: 'This file is not a database',
  FOREIGN_DATABASE: 'This database does not belong to Paydesk',
  DATABASE_CORRUPT: 'The Paydesk database is damaged',
  DATABASE_NEWER: 'This database needs a newer Paydesk',
  DATABASE_LOCKED: 'Another program holds the database',
  BACKUP_FAILED: 'The backup before the upgrade failed',
  MIGRATION_FAILED: 'The database upgrade failed',
  DATABASE_UNAVAILABLE: 'Paydesk cannot open its database',
};

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The page shown instead of the app. A strict CSP: no script, no request to anywhere, inline style only. */
export function renderStartupErrorPage(error: unknown): string {
  const known = error instanceof StartupError ? error : null;
  const title = known ? TITLES[known.reason] : 'Paydesk could not start';
  const what = known ? known.what : error instanceof AppError ? error.message : 'Something went wrong while Paydesk was starting.';
  const todo = known
    ? known.todo
    : 'Details are in the application log (the logs folder in the data folder). Quit Paydesk and start it again.';
  const rows = known ? [['Code', known.reason], ['Where', known.path], ...(known.detail ? [['Details', known.detail]] : [])] : [];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Paydesk</title>
<style>
  :root { color-scheme: light dark; font-family: system-ui, -apple-system, "Segoe UI", sans-serif; }
  body { max-width: 44rem; margin: 4rem auto; padding: 0 1.5rem; line-height: 1.5; }
  h1 { font-size: 1.5rem; margin-bottom: 0.5rem; }
  .todo { padding: 0.75rem 1rem; border-left: 4px solid #e8590c; background: rgba(232, 89, 12, 0.08); }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; font-size: 0.9rem; }
  dt { font-weight: 600; } dd { margin: 0; font-family: ui-monospace, monospace; word-break: break-all; }
</style>
</head>
<body>
<main role="alert" data-startup-error="${escapeHtml(known?.reason ?? 'UNKNOWN')}">
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(what.replace(/\.?$/, '.'))}</p>
<p class="todo"><strong>What to do:</strong> ${escapeHtml(todo)}</p>
${rows.length ? `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k!)}</dt><dd>${escapeHtml(v!)}</dd>`).join('')}</dl>` : ''}
</main>
</body>
</html>
`;
}
