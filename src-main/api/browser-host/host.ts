/**
 * The browser host: the real main-process services under plain Node, the built renderer served on 127.0.0.1,
 * and the same contract bound to a WebSocket. For development and end-to-end tests where no Electron binary
 * exists; never packaged. Every WebSocket must present the per-run random token and come from our own origin.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames } from '@shared/contract';
import { createDispatcher } from '../dispatcher';
import { createHandlers } from '../handlers/index';
import { createServices, type ServiceOptions, type Services } from '../../services';

export interface BrowserHostOptions extends Omit<ServiceOptions, 'host'> {
  rendererDir: string;
  port?: number;
}

export interface BrowserHost {
  /** Open this: it carries the token in the fragment, which is never sent over HTTP. */
  url: string;
  origin: string;
  token: string;
  services: Services;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
};

export function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ws://127.0.0.1:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function tokensEqual(given: string | null, expected: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const services = createServices({ ...options, host: 'browser' });
  const dispatch = createDispatcher(createHandlers(services));
  const token = randomBytes(32).toString('base64url');
  const rendererRoot = resolve(options.rendererDir);
  let port = 0;

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    const headers = {
      'content-security-policy': contentSecurityPolicy(port),
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-resource-policy': 'same-origin',
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, headers).end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    let file = normalize(join(rendererRoot, pathname));
    if (file !== rendererRoot && !file.startsWith(rendererRoot + sep)) {
      res.writeHead(403, headers).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) file = join(rendererRoot, 'index.html');
    try {
      const body = await readFile(file);
      res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, headers).end('Not found. Run `npm run build` first.');
    }
  }

  const server = createServer((req, res) => void serveStatic(req, res));
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: 5 * 1024 * 1024 });

  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://host');
    const origin = req.headers.origin;
    const allowedOrigin = `http://127.0.0.1:${port}`;
    if (
      url.pathname !== '/api' ||
      !tokensEqual(url.searchParams.get('token'), token) ||
      (origin !== undefined && origin !== allowedOrigin)
    ) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  wss.on('connection', (ws: WebSocket) => {
    ws.on('message', (data) => {
      let frame: { id?: unknown; op?: unknown; input?: unknown };
      try {
        frame = JSON.parse(String(data)) as typeof frame;
      } catch {
        ws.send(JSON.stringify({ id: null, envelope: { ok: false, error: { code: 'INVALID_INPUT', message: 'Frame is not JSON.' } } }));
        return;
      }
      if (typeof frame.id !== 'number') return;
      const id = frame.id;
      void dispatch(frame.op, frame.input).then((envelope) => {
        if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ id, envelope }));
      });
    });
  });

  const offEvents = services.events.onAny((event, payload) => {
    const message = JSON.stringify({ event, payload });
    for (const client of wss.clients) if (client.readyState === client.OPEN) client.send(message);
  }, eventNames);

  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolvePromise());
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    services,
    async close() {
      offEvents();
      for (const client of wss.clients) client.terminate();
      wss.close();
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      await services.close();
    },
  };
}
