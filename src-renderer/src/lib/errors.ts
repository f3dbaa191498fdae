import { ApiError } from '../api/client';

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Main's message for one input field, when the error is about that field. */
export function fieldErrorOf(error: unknown, field: string): string | undefined {
  return error instanceof ApiError ? error.fieldErrors[field] : undefined;
}

export function isKeychainError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'KEYCHAIN_UNAVAILABLE';
}
