/**
 * The renderer is served from a custom privileged scheme, app://paydesk/…, instead of file:// (which would give
 * the page read access to the whole disk's file:// origin and no headers of ours). Every response carries the
 * strict CSP; paths are decoded once and must stay inside the renderer's folder.
 */
import { readFile as fsReadFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { STRICT_CSP } from './csp';

export const APP_SCHEME = 'app';
export const APP_HOST = 'paydesk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
};

export const mimeType = (file: string): string => MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';

/**
 * Must run before the app is ready. Standard + secure: the page gets a real origin ('self' in the CSP means
 * app://paydesk) and counts as a secure context; nothing else (no service workers, no CSP bypass).
 */
export function registerAppScheme(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      // corsEnabled: Vite's module scripts are loaded in CORS mode; no response here allows another origin.
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

type ReadFile = (path: string) => Promise<Uint8Array>;

/** The file under `root` that an app:// URL names, or the status that refuses it. */
export function resolveAppFile(root: string, requestUrl: string): { file: string } | { status: 400 | 403 | 404 } {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return { status: 400 };
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return { status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 400 };
  if (pathname === '/' || pathname === '') pathname = '/index.html';
  const base = resolve(root);
  const file = normalize(join(base, pathname));
  if (!file.startsWith(base + sep)) return { status: 403 };
  return { file };
}

/** The protocol.handle handler for app://: GET/HEAD of files under `root`, each with the CSP. */
export function createAppProtocolHandler(root: string, readFile: ReadFile = fsReadFile): (request: Request) => Promise<Response> {
  const headers = (extra: Record<string, string> = {}) => ({
    'content-security-policy': STRICT_CSP,
    'x-content-type-options': 'nosniff',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-store',
    ...extra,
  });
  const refuse = (status: number) => new Response(null, { status, headers: headers() });
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD')
      return new Response(null, { status: 405, headers: headers({ allow: 'GET, HEAD' }) });
    const target = resolveAppFile(root, request.url);
    if ('status' in target) return refuse(target.status);
    let body: Uint8Array;
    try {
      body = await readFile(target.file);
    } catch {
      return refuse(404);
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: headers({ 'content-type': mimeType(target.file) }),
    });
  };
}

export function registerAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererRoot: string, readFile?: ReadFile): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(rendererRoot, readFile));
}
