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
    logger.error(`${operation}: database error ${(error as Error & { code?: string }).code ?? ''}: ${error.message}`);
    return { code: 'DATABASE', message: `The database refused the change (${error.message}). Nothing was saved.` };
  }
  // Unknown errors may carry anything in their text: log the name only, never show it.
  logger.error(
    `${operation}: unexpected ${error instanceof Error ? error.name : typeof error}${error instanceof Error && error.stack ? `\n${error.stack.split('\n').slice(1, 6).join('\n')}` : ''}`,
  );
  return { code: 'INTERNAL', message: 'Something went wrong inside Paydesk; nothing was changed. Details are in the application log.' };
}

/**
 * The single entry point for every call from the renderer, whichever transport carried it: the operation must
 * exist, its input must match the contract's schema (or nothing runs), and every failure becomes a typed error.
 */
export function createDispatcher(
  handlers: ApiHandlers,
  logger: DispatchLogger = console,
  /** Throws (an AppError) when the caller may not run this operation now: signed in, with the right role. */
  authorize: (operation: OperationName) => void = () => undefined,
): Dispatch {
  return async (name, rawInput) => {
    if (typeof name !== 'string' || !Object.hasOwn(contract, name)) {
      const shown = typeof name === 'string' ? JSON.stringify(name).slice(0, 80) : `of type ${typeof name}`;
      return { ok: false, error: { code: 'UNKNOWN_OPERATION', message: `Unknown operation ${shown}.` } };
    }
    const operation = name as OperationName;
    const parsed = contract[operation].input.safeParse(rawInput);
    if (!parsed.success) {
      const errors = fieldErrors(parsed.error);
      const first = parsed.error.issues[0];
      const where = first && first.path.length ? ` (${first.path.join('.')})` : '';
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: `Invalid input for ${operation}${where}: ${first?.message ?? 'rejected'}`,
          fieldErrors: errors,
        },
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
