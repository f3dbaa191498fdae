/**
 * Verifies an exported audit trail (Audit → Export → JSON Lines) against the workspace's audit key and chain head
 * in this computer's keychain, the same checks Verify runs on the live database (src-main/audit/export-verify.ts):
 *
 *   npm run audit:verify -- paydesk-audit-….jsonl
 *
 * Prints one line and exits 0 when the trail is intact and anchored, 1 when it was tampered with (naming the first
 * bad event and how), 2 when it cannot be fully verified here (no keychain, no key for that workspace: the hash chain
 * alone is checked and reported, never as "intact and anchored").
 * Options: --keychain-service <name> (default: Paydesk's own; tests use their own service).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { readAnchor } from '../src-main/audit/anchor';
import { parseAuditExport, verifyAuditExport } from '../src-main/audit/export-verify';
import { KeytarCredentialStore } from '../src-main/credentials/keytar-store';

export async function main(argv: string[]): Promise<{ code: number; line: string }> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'keychain-service': { type: 'string' } },
  });
  const file = positionals[0];
  if (!file) return { code: 2, line: 'usage: npm run audit:verify -- <paydesk-audit-export.jsonl> [--keychain-service <name>]' };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return { code: 2, line: `Cannot read ${file}: ${(error as Error).message}` };
  }
  let workspaceId: string;
  try {
    workspaceId = parseAuditExport(text).header.workspaceId;
  } catch (error) {
    return { code: 1, line: `Not a readable Paydesk audit export: ${(error as Error).message}` };
  }
  const credentials = new KeytarCredentialStore(values['keychain-service']);
  const anchor = await readAnchor(credentials, workspaceId).catch((error: Error) => ({
    missing: 'keychain' as const,
    reason: error.message,
  }));
  const result = verifyAuditExport(text, 'key' in anchor ? anchor : null);
  if (!result.intact) return { code: 1, line: `TAMPERED: event ${result.brokenSeq} (${result.kind}): ${result.reason}` };
  if (!('key' in anchor)) {
    return {
      code: 2,
      line: `NOT ANCHORED: the hash chain of ${result.checked} events holds, but ${anchor.reason} Run this on the workspace's computer.`,
    };
  }
  return { code: 0, line: `INTACT: ${result.checked} events, every one with the workspace key's MAC (workspace ${workspaceId}).` };
}

// Run as a command (not when a test imports main()).
if (process.argv[1] && /verify-audit-export\.ts$/.test(process.argv[1])) {
  void main(process.argv.slice(2)).then(({ code, line }) => {
    process.stdout.write(`${line}\n`);
    process.exit(code);
  });
}
