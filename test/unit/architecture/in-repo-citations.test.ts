/**
 * The repository explains itself: comments, documents and test fixtures name paths inside it only. An absolute path
 * of the machine something was written on (a build folder, someone's home folder) or one that climbs out of the
 * repository means nothing to the next maintainer, and a cited document that does not exist is a dead end. Tests that
 * need a path outside the repository build one under the OS temporary folder.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..', '..');
const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8' })
  .split('\0')
  .filter((f) => /\.(ts|tsx|mjs|js|md|sh|json|yml)$/.test(f) && !f.startsWith('test/unit/__snapshots__/') && f !== 'package-lock.json')
  .filter((f) => existsSync(join(root, f)));

/** Paths that point outside the repository, however they are written. */
const outside = [/(?<![\w.])\/work\//, /(?<![\w.])\/home\/\w/, /(?<![\w.])\.\.\/shared\//, /(?:\.\.\/){4,}/];

describe('citations', () => {
  it('name only paths inside the repository', () => {
    const found: string[] = [];
    for (const file of tracked) {
      if (file === 'test/unit/architecture/in-repo-citations.test.ts') continue;
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (outside.some((re) => re.test(line))) found.push(`${file}:${i + 1}: ${line.trim().slice(0, 120)}`);
        });
    }
    expect(found).toEqual([]);
  });

  it('of documents under docs/ point at files that exist', () => {
    const missing: string[] = [];
    for (const file of tracked) {
      const text = readFileSync(join(root, file), 'utf8');
      for (const match of text.matchAll(/(?<![\w./-])docs\/[\w./-]+\.md(?![\w])/g)) {
        if (!existsSync(join(root, match[0]))) missing.push(`${file}: ${match[0]}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
