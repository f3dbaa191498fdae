/**
 * Operator passphrases are stored only as scrypt hashes (node:crypto; docs/decisions/0007-operators-and-four-eyes.md):
 * memory-hard, so a stolen database file does not give cheap guesses, and built into Node, so there is no native
 * module to build per platform (argon2 would need one beside better-sqlite3 and keytar). Hashing runs on libuv's
 * thread pool (crypto.scrypt is asynchronous), so a sign-in never blocks the window.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * N = 2^15, r = 8, p = 3: 32 MiB per guess and three passes; one of the equivalent settings the OWASP Password Storage
 * Cheat Sheet gives for its scrypt minimum (N = 2^17, r = 8, p = 1), chosen for less memory on a desktop.
 */
const COST = { N: 2 ** 15, r: 8, p: 3 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(passphrase: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFKC'), salt, KEY_LENGTH, { ...options, maxmem: MAX_MEMORY }, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

/** "scrypt$N$r$p$salt$hash" (base64url): self-describing, so the cost can rise later without breaking old hashes. */
export async function hashPassphrase(passphrase: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(passphrase, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassphrase(passphrase: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(passphrase, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** The passphrase rule, checked in main whatever the renderer sent. */
export function passphraseProblem(passphrase: string): string | null {
  if (passphrase.length < 10) return 'Use at least 10 characters for a passphrase.';
  if (/^(.)\1*$/.test(passphrase)) return 'Use a passphrase that is not one character repeated.';
  return null;
}
