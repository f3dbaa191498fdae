/** The OS account and the computer this desk runs on: written on every audit event beside the operator. */
import { hostname, userInfo } from 'node:os';

export function osUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

export function hostName(): string {
  try {
    return hostname();
  } catch {
    return 'unknown';
  }
}
