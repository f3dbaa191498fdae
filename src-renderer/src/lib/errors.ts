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

/** Nobody is signed in, or the desk locked itself: the session gate shows the sign-in or lock screen. */
export function isUnauthenticated(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'UNAUTHENTICATED';
}
