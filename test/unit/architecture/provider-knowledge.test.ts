/**
 * A provider is one folder (src-main/providers/<id>/) that declares everything the app needs to know about it;
 * the registry lists the folders. This test fails when a provider's id, its display name or one of its own status
 * values appears anywhere else in the application's code, so that a new provider is one folder and one registry line.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { payoutStatuses } from '../../../src-shared/contract/model';
import { providerModules } from '../../../src-main/providers/registry';

const ROOT = join(import.meta.dirname, '../../..');
const SCOPES = ['src-main', 'src-shared', 'src-preload', 'src-renderer/src'];
const REGISTRY = 'src-main/providers/registry.ts';

/**
 * Words that are Paydesk's own vocabulary (unified statuses, outbox steps, notice kinds, column keys), whatever a
 * provider also calls them: only a provider's distinctive status values count as knowledge about it.
 */
const PAYDESK_WORDS = new Set<string>([...payoutStatuses, 'pending', 'done', 'not_sent', 'none', 'created', 'error', 'success']);

/** Files still being rewritten to read the provider's draft rules instead of naming providers (to be emptied). */
const NOT_YET_DATA_DRIVEN = new Set<string>([]);

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir)) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(entry)) out.push(path);
  }
  return out;
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

interface Finding {
  file: string;
  line: number;
  provider: string;
  what: string;
  text: string;
}

function findings(): Finding[] {
  const files = SCOPES.flatMap((scope) => sourceFiles(join(ROOT, scope))).map((path) => ({
    rel: relative(ROOT, path).split(sep).join('/'),
    lines: readFileSync(path, 'utf8').split('\n'),
  }));
  const out: Finding[] = [];
  const providerFolders = providerModules.map((m) => `src-main/providers/${m.info.id}/`);
  for (const module of providerModules) {
    const { id, name } = module.info;
    const ownFolder = `src-main/providers/${id}/`;
    const checks: Array<{ what: string; pattern: RegExp }> = [
      { what: `id "${id}"`, pattern: new RegExp(`\\b${escape(id)}\\b`, 'i') },
      { what: `name "${name}"`, pattern: new RegExp(`\\b${escape(name)}\\b`, 'i') },
      ...module.statuses.known
        .filter((status) => !PAYDESK_WORDS.has(status.toLowerCase()))
        .map((status) => ({ what: `status "${status}"`, pattern: new RegExp(`['"\`]${escape(status)}['"\`]`) })),
    ];
    for (const file of files) {
      if (file.rel.startsWith(ownFolder) || NOT_YET_DATA_DRIVEN.has(file.rel)) continue;
      const inOtherProviderFolder = providerFolders.some((folder) => file.rel.startsWith(folder));
      file.lines.forEach((text, index) => {
        for (const check of checks) {
          const isStatus = check.what.startsWith('status');
          // Status words are common: another provider's folder may use the same word for its own status.
          if (isStatus && inOtherProviderFolder) continue;
          if (file.rel === REGISTRY && !isStatus) continue;
          if (check.pattern.test(text))
            out.push({ file: file.rel, line: index + 1, provider: id, what: check.what, text: text.trim().slice(0, 120) });
        }
      });
    }
  }
  return out;
}

describe('provider knowledge stays in its folder', () => {
  it('finds no provider id, display name or provider status outside src-main/providers/<id>/ (ids: the registry only)', () => {
    const found = findings();
    expect(found.map((f) => `${f.file}:${f.line} ${f.what}: ${f.text}`)).toEqual([]);
  });

  it('would notice one (the check itself can fail)', () => {
    const module = providerModules[0]!;
    const pattern = new RegExp(`\\b${escape(module.info.id)}\\b`, 'i');
    expect(pattern.test(`if (row.provider === '${module.info.id}') {`)).toBe(true);
    expect(module.statuses.known.length).toBeGreaterThan(0);
  });
});
