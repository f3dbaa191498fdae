import type { z } from 'zod';
import { contract, type OperationName, type OperationResult, type ParsedInput } from '@shared/contract';
import { AppError } from '../errors';
import type { ApiErrorBody, Envelope } from '@shared/contract/model';
import { ProviderError } from '../providers/http';

export type ApiHandlers = {
  [K in OperationName]: (input: ParsedInput<K>) => Promise<OperationResult<K>> | OperationResult<K>;
};

export type Dispatch = (name: unknown, input: unknown) => Promise<Envelope<unknown>>;

export interface DispatchLogger {
  error(message: string): void;
}

/** The application log of the services a set of handlers was made for (createHandlers registers it). */
const handlerLogs = new WeakMap<object, DispatchLogger>();

export function registerHandlerLog(handlers: ApiHandlers, logger: DispatchLogger): void {
  handlerLogs.set(handlers, logger);
}

/** What went wrong in SQLite, in words; the code decides, SQLite's own text is kept for the log. */
function databaseProblem(code: string): { cause: string; todo: string } {
  if (code.startsWith('SQLITE_FULL')) return { cause: 'the disk is full', todo: 'Free some disk space and try again.' };
  if (code.startsWith('SQLITE_READONLY'))
    return { cause: 'the database can only be read', todo: 'Check that the data folder may be written, then restart Paydesk.' };
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))
    return { cause: 'the database is busy', todo: 'Try again in a moment; close other programs that use the Paydesk data folder.' };
  if (code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB'))
    return {
      cause: 'the database file is damaged',
      todo: 'Restore the latest backup (Settings → Backups), or quit Paydesk and move the file aside.',
    };
  if (code.startsWith('SQLITE_IOERR')) return { cause: 'the disk could not be read or written', todo: 'Check the disk, then try again.' };
  if (code.startsWith('SQLITE_CONSTRAINT')) return { cause: 'the change breaks a rule of the database', todo: 'Reload and try again.' };
  return { cause: 'the database reported an error', todo: 'Details are in the application log.' };
}

const plural = (n: number, unit: string) => `${n.toLocaleString('en-US')} ${unit}${n === 1 ? '' : 's'}`;

/**
 * Words for a refusal the contract has no message of its own for (a wrong type, an unknown field): the contract
 * words every limit itself (src-shared/contract/fields.ts), and zod's developer wording never reaches the screen.
 */
export function plainIssueMessage(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'string'
        ? 'Enter this as text.'
        : issue.expected === 'number' || issue.expected === 'int'
          ? 'Enter this as a number.'
          : issue.expected === 'boolean'
            ? 'Answer this with yes or no (true or false).'
            : issue.expected === 'array'
              ? 'Send a list here.'
              : issue.expected === 'object'
                ? 'Send the fields of this form here.'
                : 'This value has the wrong kind for this field.';
    case 'too_big':
      return issue.origin === 'string'
        ? `Keep this to ${plural(Number(issue.maximum), 'character')} or fewer.`
        : issue.origin === 'array'
          ? `Choose at most ${plural(Number(issue.maximum), 'item')}.`
          : `Use a value of at most ${Number(issue.maximum).toLocaleString('en-US')}.`;
    case 'too_small':
      return issue.origin === 'string'
        ? Number(issue.minimum) <= 1
          ? 'Fill this in.'
          : `Use at least ${plural(Number(issue.minimum), 'character')}.`
        : issue.origin === 'array'
          ? `Choose at least ${plural(Number(issue.minimum), 'item')}.`
          : `Use a value of at least ${Number(issue.minimum).toLocaleString('en-US')}.`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Only ${JSON.stringify(issue.values[0])} is accepted here.`
        : `Choose one of: ${issue.values.map(String).join(', ')}.`;
    case 'unrecognized_keys':
      return `Paydesk does not take ${issue.keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')} here.`;
    case 'invalid_format':
      return 'This is not written the way Paydesk expects here.';
    default:
      return 'This value is not accepted here.';
  }
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const path = issue.path.map(String).join('.') || '_';
    out[path] ??= issue.message;
  }
  return out;
}

function toErrorBody(error: unknown, operation: string, logger: DispatchLogger): ApiErrorBody {
  if (error instanceof AppError) return error.toBody();
  if (error instanceof ProviderError) return { code: 'PROVIDER', message: error.message };
  if (error instanceof Error && error.name === 'SqliteError') {
    const code = (error as Error & { code?: string }).code ?? '';
    logger.error(`${operation}: database error ${code}: ${error.message}`);
    const { cause, todo } = databaseProblem(code);
    if (contract[operation as OperationName].readOnly) {
      return { code: 'DATABASE', message: `Paydesk could not read its database: ${cause}. Nothing was changed. ${todo}` };
    }
    return { code: 'DATABASE', message: `The database refused the change: ${cause}. Nothing was saved. ${todo}` };
  }
  // Unknown errors may carry anything in their text: never shown; the log (redacted line by line) keeps the stack.
  logger.error(
    `${operation}: unexpected ${error instanceof Error ? error.name : typeof error}${error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(0, 6).join('\n')}` : ''}`,
  );
  return { code: 'INTERNAL', message: 'Something went wrong inside Paydesk; nothing was changed. Details are in the application log.' };
}

/**
 * The single entry point for every call from the renderer, whichever transport carried it: the operation must
 * exist, its input must match the contract's schema (or nothing runs), and every failure becomes a typed error.
 */
export function createDispatcher(
  handlers: ApiHandlers,
  logger: DispatchLogger = handlerLogs.get(handlers) ?? console,
  /** Throws (an AppError) when the caller may not run this operation now: signed in, with the right role. */
  authorize: (operation: OperationName) => void = () => undefined,
): Dispatch {
  return async (name, rawInput) => {
    if (typeof name !== 'string' || !Object.hasOwn(contract, name)) {
      const shown = typeof name === 'string' ? JSON.stringify(name).slice(0, 80) : `of type ${typeof name}`;
      return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation ${shown}.` } };
    }
    const operation = name as OperationName;
    // The contract's own messages win; `plainIssueMessage` words whatever it has none for.
    const parsed = contract[operation].input.safeParse(rawInput, { error: plainIssueMessage });
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const messages = [...new Set(parsed.error.issues.map((i) => i.message))];
      const more = messages.length > 1 ? ` (and ${messages.length - 1} more problem${messages.length > 2 ? 's' : ''})` : '';
      return {
        ok: false,
        error: { code: 'INVALID_INPUT', message: `${messages[0] ?? 'This request was refused.'}${more}`, fieldErrors: errors },
      };
    }
    try {
      authorize(operation);
      const handler = handlers[operation] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      return { ok: false, error: toErrorBody(error, operation, logger) };
    }
  };
}
