/**
 * The application log: JSON lines in <dataDir>/logs/, written with pino to a pino-roll file that rotates by size and
 * by day and keeps a bounded number of files. Every line passes through the redaction of every connection's
 * secrets and through the pattern redaction of anything that looks like a credential (src-main/providers/redaction.ts)
 * before it reaches the file. Writes are synchronous, so the line about a crash is on disk before the process ends.
 *
 * pino-roll opens its file asynchronously; lines logged before it is open wait in memory (and are written by a
 * crash handler directly if the process dies first).
 *
 * Why pino and pino-roll: pino is the most used maintained Node logger, writes JSON lines, and its streamWrite hook
 * sees each finished line, which is where redaction must happen (after every field is serialised); pino-roll is the
 * pino project's own rotating destination (size and day, a bounded count of files), runs in-process on sonic-boom
 * (no worker thread: it works the same bundled into Electron's main process and under plain Node).
 */
import { appendFileSync, chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import pinoRoll from 'pino-roll';
import { redactKnownPatterns } from '../providers/redaction';

export const LOG_FOLDER = 'logs';
const LOG_BASENAME = 'paydesk';

export interface AppLogOptions {
  /** The data directory; the log goes to its logs/ folder. */
  dataDir: string;
  /** Redacts one line (every connection's secrets); pattern redaction is applied after it in any case. */
  redact?: (text: string) => string;
  /** Rotate when a file reaches this size (default 10 MB)... */
  maxFileSize?: string;
  /** ...or a day has passed; keep this many older files (default 14). */
  keepFiles?: number;
  level?: 'debug' | 'info' | 'warn' | 'error';
}

export type LogFields = Record<string, unknown>;

export interface AppLog {
  /** The folder holding the log files (Settings → Open log folder). */
  readonly folder: string;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  fatal(message: string, fields?: LogFields): void;
  /** Everything logged so far is in the file (waits for the file to open). */
  flush(): Promise<void>;
  /** For crash handlers: writes what is still waiting, synchronously. */
  flushSync(): void;
  close(): Promise<void>;
}

/** A pino destination that holds lines until the rotating file is open. */
class PendingDestination {
  private lines: string[] = [];
  private target: { write(line: string): unknown; flushSync?: () => void } | null = null;
  closed = false;

  constructor(private readonly fallbackFile: string) {}

  write(line: string): void {
    if (this.closed) return;
    if (this.target) this.target.write(line);
    else this.lines.push(line);
  }

  attach(target: { write(line: string): unknown; flushSync?: () => void }): void {
    this.target = target;
    for (const line of this.lines) target.write(line);
    this.lines = [];
  }

  flushSync(): void {
    if (this.target) {
      try {
        this.target.flushSync?.();
      } catch {
        // Nothing waiting, or the file is being rotated: sync writes leave nothing behind in either case.
      }
      return;
    }
    if (this.lines.length === 0) return;
    appendFileSync(this.fallbackFile, this.lines.join(''), { mode: 0o600 });
    this.lines = [];
  }
}

export function openAppLog(options: AppLogOptions): AppLog {
  const folder = join(options.dataDir, LOG_FOLDER);
  mkdirSync(folder, { recursive: true, mode: 0o700 });
  chmodSync(folder, 0o700);
  const redactLine = (line: string) => redactKnownPatterns(options.redact ? options.redact(line) : line);
  const destination = new PendingDestination(join(folder, `${LOG_BASENAME}-early.log`));
  const logger: Logger = pino(
    {
      level: options.level ?? 'info',
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      hooks: { streamWrite: redactLine },
    },
    destination,
  );
  const opened = pinoRoll({
    file: join(folder, LOG_BASENAME),
    extension: '.log',
    size: options.maxFileSize ?? '10m',
    frequency: 'daily',
    dateFormat: 'yyyy-MM-dd',
    limit: { count: options.keepFiles ?? 14, removeOtherLogFiles: true },
    mkdir: true,
    sync: true,
    mode: 0o600,
  }).then(
    (stream) => {
      // A full disk or a vanished folder must not take the app down with it: the log is a witness, not a dependency.
      stream.on('error', () => undefined);
      destination.attach(stream);
      return stream;
    },
    () => null,
  );
  const write = (level: 'debug' | 'info' | 'warn' | 'error' | 'fatal') => (message: string, fields?: LogFields) => {
    if (fields) logger[level](fields, message);
    else logger[level](message);
  };
  return {
    folder,
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    fatal: write('fatal'),
    async flush() {
      await opened;
      destination.flushSync();
    },
    flushSync: () => destination.flushSync(),
    async close() {
      const stream = await opened;
      // Without a rotating file (it could not be opened) the waiting lines go to the fallback file.
      destination.flushSync();
      destination.closed = true;
      if (!stream) return;
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.once('error', () => resolve());
        stream.end();
      });
    },
  };
}

/** Error fields for a log line: name, message and the first frames, never anything else the error carries. */
export function errorFields(error: unknown): LogFields {
  if (!(error instanceof Error)) return { error: typeof error };
  const code: unknown = (error as Error & { code?: unknown }).code;
  return {
    error: error.name,
    message: error.message,
    ...(error.stack ? { stack: error.stack.split('\n').slice(1, 8).join('\n') } : {}),
    ...(typeof code === 'string' ? { code } : {}),
  };
}
