import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { APP_SCHEME, createAppProtocolHandler, registerAppScheme } from '../../../src-main/shell/app-protocol';
import { STRICT_CSP } from '../../../src-main/shell/csp';
import { tempDataDir } from '../../helpers/temp-dir';
import { fakeProtocol, resetFakes } from './fake-electron';

let root: string;
let cleanup: () => void;
let handle: (request: Request) => Promise<Response>;

beforeAll(() => {
  ({ dir: root, cleanup } = tempDataDir());
  // A secret next to the renderer's folder: what a traversal would be after.
  writeFileSync(join(root, 'secret.txt'), 'secret');
  const renderer = join(root, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>Paydesk</title>');
  writeFileSync(join(renderer, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(renderer, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(renderer, 'assets', 'logo.svg'), '<svg/>');
  writeFileSync(join(renderer, 'assets', 'font.woff2'), 'w');
  writeFileSync(join(renderer, 'assets', 'blob.bin'), 'b');
  handle = createAppProtocolHandler(renderer);
});
afterAll(() => cleanup());

const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

describe('app:// protocol', () => {
  it('is registered as a standard, secure scheme without a CSP bypass', () => {
    resetFakes();
    registerAppScheme(fakeProtocol);
    expect(fakeProtocol.privileged).toEqual([
      { scheme: APP_SCHEME, privileges: expect.objectContaining({ standard: true, secure: true }) },
    ]);
    expect(fakeProtocol.privileged[0]!.privileges).not.toHaveProperty('bypassCSP', true);
    expect(fakeProtocol.privileged[0]!.privileges).not.toHaveProperty('allowServiceWorkers', true);
  });

  it.each([
    ['app://paydesk/index.html', 'text/html; charset=utf-8', '<!doctype html><title>Paydesk</title>'],
    ['app://paydesk/', 'text/html; charset=utf-8', '<!doctype html><title>Paydesk</title>'],
    ['app://paydesk/assets/app.js?v=1#x', 'text/javascript; charset=utf-8', 'console.log(1)'],
    ['app://paydesk/assets/app.css', 'text/css; charset=utf-8', 'body{}'],
    ['app://paydesk/assets/logo.svg', 'image/svg+xml', '<svg/>'],
    ['app://paydesk/assets/font.woff2', 'font/woff2', 'w'],
    ['app://paydesk/assets/blob.bin', 'application/octet-stream', 'b'],
    ['app://paydesk/assets/%61pp.js', 'text/javascript; charset=utf-8', 'console.log(1)'],
  ])('serves %s as %s with the CSP', async (url, type, body) => {
    const response = await get(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toBe(body);
  });

  it.each([
    ['an encoded traversal', 'app://paydesk/..%2fsecret.txt', 403],
    ['a doubly encoded traversal that decodes once', 'app://paydesk/%2e%2e%2fsecret.txt', 403],
    ['an encoded backslash', 'app://paydesk/..%5csecret.txt', 400],
    ['an encoded NUL', 'app://paydesk/index.html%00.js', 400],
    ['a bad escape', 'app://paydesk/%E0%A4%A', 400],
    ['a lone percent', 'app://paydesk/%', 400],
    ['another host', 'app://evil/index.html', 404],
    ['a missing file', 'app://paydesk/assets/nothing.js', 404],
    ['a folder', 'app://paydesk/assets', 404],
  ])('refuses %s (%s) with %i, still with the CSP', async (_name, url, status) => {
    const response = await get(url);
    expect(response.status).toBe(status);
    expect(response.headers.get('content-security-policy')).toBe(STRICT_CSP);
    expect(await response.text()).not.toContain('secret');
  });

  it('a plain ../ never leaves the folder (the URL parser resolves it first)', async () => {
    const response = await get('app://paydesk/../secret.txt');
    expect(await response.text()).not.toBe('secret');
  });

  it('answers HEAD without a body and refuses other methods', async () => {
    const head = await get('app://paydesk/index.html', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
    const post = await get('app://paydesk/index.html', 'POST');
    expect(post.status).toBe(405);
    expect(post.headers.get('content-security-policy')).toBe(STRICT_CSP);
  });
});
