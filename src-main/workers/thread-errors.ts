/**
 * Errors across a worker thread's boundary. A structured clone keeps an Error's message but not its class, so a
 * worker sends what main's code tells apart by (an AppError's code and field errors, whose message is for the user;
 * a ProviderError's kind and details, which the sync and the workflow act on; SQLite's error name and code) and main
 * makes the same error again. Messages only: no stack, no request, nothing a redactor has not already seen.
 */
import type { ApiErrorCode } from '@shared/contract/model';
import { AppError } from '../errors';
import { ProviderError, type ProviderErrorKind } from '../providers/http';

export interface ThreadError {
  name: string;
  message: string;
  /** SQLite's code (SQLITE_BUSY…), or the AppError's code. */
  code?: string;
  fieldErrors?: Record<string, string>;
  kind?: ProviderErrorKind;
  details?: ProviderError['details'];
}

export function toThreadError(error: unknown): ThreadError {
  const e = error instanceof Error ? error : new Error(String(error));
  if (e instanceof ProviderError) return { name: e.name, message: e.message, kind: e.kind, details: { ...e.details } };
  const code = (e as { code?: unknown }).code;
  return {
    name: e.name,
    message: e.message,
    ...(typeof code === 'string' ? { code } : {}),
    ...(e instanceof AppError && e.fieldErrors ? { fieldErrors: e.fieldErrors } : {}),
  };
}

export function fromThreadError(error: ThreadError): Error {
  if (error.name === 'ProviderError' && error.kind) return new ProviderError(error.kind, error.message, error.details ?? {});
  if (error.name === 'AppError' && error.code) return new AppError(error.code as ApiErrorCode, error.message, error.fieldErrors);
  const made = new Error(error.message);
  made.name = error.name;
  if (error.code) (made as Error & { code?: string }).code = error.code;
  return made;
}
