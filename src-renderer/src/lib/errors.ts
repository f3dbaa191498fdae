import { ApiError } from '../api/client';

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function isKeychainError(error: unknown): error is ApiError {
  return error instanceof ApiError && error.code === 'KEYCHAIN_UNAVAILABLE';
}
