/**
 * The browser host: the real main-process services under plain Node, the built renderer served on 127.0.0.1,
 * and the same contract bound to a WebSocket. For development and end-to-end tests where no Electron binary
 * exists; never packaged.
 *
 * Everything that arrives here is untrusted: a web page on any other local port can send requests to us, and
 * a DNS-rebinding page can even reach us under its own host name. So: every HTTP request and WebSocket upgrade
 * must name our exact host and port (Host header); the socket must come from our own page (exact Origin) and
 * carry a credential; every malformed request or frame gets a typed reply or a clean close, never an exception.
 *
 * Credentials: each link the host hands out (`url`) carries a random launch token in its fragment (never sent
 * over HTTP). The page strips it from its address bar and presents it once, on its first WebSocket; the host
 * then forgets it and answers with an HttpOnly, SameSite=Strict session cookie that later connections (a
 * reload, a second tab) use. A link copied from shell history is therefore worthless once it has been opened.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { eventNames, type Envelope } from '@shared/contract';
import type { Dispatch } from '../dispatcher';
import { createServiceDispatcher } from '../service-dispatcher';
import { createServices, type ServiceOptions, type Services } from '../../services';

export interface BrowserHostOptions extends Omit<ServiceOptions, 'host'> {
  rendererDir: string;
  port?: number;
  /** Where unexpected failures are reported (never to the client). Default: console. */
  log?: (message: string) => void;
}

export interface BrowserHost {
  /** A link to open in a browser. Each read mints a new single-use launch token (in the fragment). */
  readonly url: string;
  origin: string;
  /** A new single-use launch token for a client that opens `/api?token=…` itself. Each read mints one. */
  readonly token: string;
  services: Services;
  close(): Promise<void>;
}

/**
 * The largest WebSocket message accepted; larger ones are refused with close code 1009 before they are read.
 * The contract's largest input is a CSV of up to 40 million characters (payouts.importPreview/importCommit);
 * this leaves room for its JSON escaping. The browser bridge (src-renderer/src/api/browser-bridge.ts) refuses
 * larger calls itself, so that they get a typed error instead of a closed connection.
 */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Launch tokens not yet used; more than this and the oldest is forgotten (each read of `url` mints one). */
const MAX_PENDING_LAUNCH_TOKENS = 100;

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

/** The value of one cookie in a Cookie header, or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/**
 * The file under `root` that a request path names, or why not. Paths are percent-decoded once; anything that
 * does not decode, carries NUL or a backslash, or leaves the root after normalisation is refused.
 */
export function resolveStaticPath(root: string, requestTarget: string): { file: string } | { status: 400 | 403 } {
  // Origin-form only ("/path?query"); absolute-form and authority-form targets are not ours to serve.
  if (!requestTarget.startsWith('/')) return { status: 400 };
  const rawPath = requestTarget.split(/[?#]/, 1)[0]!;
  let pathname: string;
  try {
    pathname = decodeURIComponent(rawPath);
  } catch {
    return { status: 400 };
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return { status: 400 };
  const file = normalize(join(root, pathname));
  if (file !== root && !file.startsWith(root + sep)) return { status: 403 };
  return { file };
}

type Frame = { id: number; op: string; input: unknown };

/** A frame of the socket protocol: `{ id: safe integer, op: string, input?: any }`, or the reason it is not one. */
export function parseFrame(text: string): { frame: Frame } | { id: number | null; message: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { id: null, message: 'Frame is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { id: null, message: 'A frame is a JSON object { id, op, input }.' };
  }
  const { id, op, input } = value as Record<string, unknown>;
  if (typeof id !== 'number' || !Number.isSafeInteger(id)) return { id: null, message: 'A frame needs a whole-number id.' };
  if (typeof op !== 'string') return { id, message: 'A frame needs the operation name as a string (op).' };
  return { frame: { id, op, input } };
}

const internalError: Envelope<never> = {
  ok: false,
  error: { code: 'INTERNAL', message: 'Something went wrong inside Paydesk; nothing was changed. Details are in the host log.' },
};

function errorReply(id: number | null, code: 'INVALID_INPUT', message: string): string {
  return JSON.stringify({ id, envelope: { ok: false, error: { code, message } } });
}

export async function startBrowserHost(options: BrowserHostOptions): Promise<BrowserHost> {
  const log = options.log ?? ((message: string) => console.error(message));
  const services = await createServices({ ...options, host: 'browser' });
  const dispatch: Dispatch = createServiceDispatcher(services, { error: log });
  const rendererRoot = resolve(options.rendererDir);
  const launchTokens = new Set<string>();
  const sessions = new Set<string>();
  let port = 0;
  const ownHost = () => `127.0.0.1:${port}`;
  const ownOrigin = () => `http://127.0.0.1:${port}`;
  // Cookies are shared by every port of a host name: the port in the name keeps two hosts apart.
  const cookieName = () => `paydesk_session_${port}`;

  function mintLaunchToken(): string {
    const token = randomBytes(32).toString('base64url');
    launchTokens.add(token);
    if (launchTokens.size > MAX_PENDING_LAUNCH_TOKENS) launchTokens.delete(launchTokens.values().next().value!);
    return token;
  }

  const securityHeaders = () => ({
    'content-security-policy': contentSecurityPolicy(port),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    'cache-control': 'no-store',
  });

  async function serveStatic(req: IncomingMessage, res: ServerResponse) {
    const headers = securityHeaders();
    // DNS rebinding: a page of another site resolved to 127.0.0.1 still names its own host here.
    if (req.headers.host !== ownHost()) {
      res.writeHead(421, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Misdirected request.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    const target = resolveStaticPath(rendererRoot, req.url ?? '/');
    if ('status' in target) {
      res.writeHead(target.status, headers).end();
      return;
    }
    let file = target.file;
    const info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) {
      // The single page answers every route; a missing asset is a 404, not the page.
      if (info === null && extname(file) !== '') {
        res.writeHead(404, headers).end();
        return;
      }
      file = join(rendererRoot, 'index.html');
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, headers).end('Not found. Run `npm run build` first.');
      return;
    }
    res.writeHead(200, { ...headers, 'content-type': MIME[extname(file)] ?? 'application/octet-stream' });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    serveStatic(req, res).catch((error: unknown) => {
      log(`browser host: static request failed: ${error instanceof Error ? error.name : typeof error}`);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  wss.on('error', (error) => log(`browser host: WebSocket server error: ${error.message}`));
  /** Upgrades that presented a launch token: the session cookie to set on their 101 response. */
  const newSessions = new WeakMap<IncomingMessage, string>();
  wss.on('headers', (headers, req) => {
    const session = newSessions.get(req);
    if (session) headers.push(`Set-Cookie: ${cookieName()}=${session}; HttpOnly; SameSite=Strict; Path=/api`);
  });

  function refuseUpgrade(socket: Duplex, status: string) {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  }

  function onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer) {
    if (req.headers.host !== ownHost()) return refuseUpgrade(socket, '421 Misdirected Request');
    const target = req.url ?? '';
    const query = target.startsWith('/api?') ? new URLSearchParams(target.slice('/api?'.length)) : null;
    if (target !== '/api' && query === null) return refuseUpgrade(socket, '404 Not Found');
    // Browsers always send Origin on a WebSocket handshake: only our own page may open this socket.
    if (req.headers.origin !== ownOrigin()) return refuseUpgrade(socket, '401 Unauthorized');
    const launchToken = query?.get('token');
    if (launchToken && launchTokens.delete(launchToken)) {
      const session = randomBytes(32).toString('base64url');
      sessions.add(session);
      newSessions.set(req, session);
    } else {
      const session = cookieValue(req.headers.cookie, cookieName());
      if (!session || !sessions.has(session)) return refuseUpgrade(socket, '401 Unauthorized');
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node hands the raw socket over without an error listener: a reset peer must not end the process.
    socket.on('error', () => socket.destroy());
    try {
      onUpgrade(req, socket, head);
    } catch (error) {
      log(`browser host: upgrade failed: ${error instanceof Error ? error.name : typeof error}`);
      socket.destroy();
    }
  });

  function send(ws: WebSocket, text: string) {
    if (ws.readyState === ws.OPEN) ws.send(text, (error) => error && ws.terminate());
  }

  function onMessage(ws: WebSocket, data: RawData, isBinary: boolean) {
    if (isBinary) return send(ws, errorReply(null, 'INVALID_INPUT', 'Frames are JSON text, not binary.'));
    const parsed = parseFrame(data.toString());
    if (!('frame' in parsed)) return send(ws, errorReply(parsed.id, 'INVALID_INPUT', parsed.message));
    const { id, op, input } = parsed.frame;
    Promise.resolve()
      .then(() => dispatch(op, input))
      .catch((error: unknown): Envelope<never> => {
        log(`browser host: dispatch of ${JSON.stringify(op.slice(0, 80))} threw ${error instanceof Error ? error.name : typeof error}`);
        return internalError;
      })
      .then((envelope) => {
        let text: string;
        try {
          text = JSON.stringify({ id, envelope });
        } catch {
          text = JSON.stringify({ id, envelope: internalError });
        }
        send(ws, text);
      })
      .catch(() => ws.terminate());
  }

  wss.on('connection', (ws: WebSocket) => {
    // ws closes the connection itself with the fitting code (1002 protocol error, 1007 invalid UTF-8, 1009 too
    // big) and then reports it here; without this listener the report would end the process.
    ws.on('error', () => undefined);
    ws.on('message', (data, isBinary) => {
      try {
        onMessage(ws, data, isBinary);
      } catch (error) {
        log(`browser host: frame handling failed: ${error instanceof Error ? error.name : typeof error}`);
        ws.close(1011);
      }
    });
  });

  const offEvents = services.events.onAny((event, payload) => {
    let message: string;
    try {
      message = JSON.stringify({ event, payload });
    } catch {
      return;
    }
    for (const client of wss.clients) send(client, message);
  }, eventNames);

  port = await listenOnLoopback(server, options.port, log);
  const origin = ownOrigin();

  return {
    get url() {
      return `${origin}/#token=${mintLaunchToken()}`;
    },
    origin,
    get token() {
      return mintLaunchToken();
    },
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

/**
 * Listens on 127.0.0.1, on the port asked for or (none asked) one the system picks, and resolves with that port. A
 * failure to listen rejects; a later server error is logged, since an unhandled one would end the process.
 */
export async function listenOnLoopback(server: Server, port: number | undefined, log: (message: string) => void): Promise<number> {
  await new Promise<void>((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolvePromise();
    });
  });
  server.on('error', (error) => log(`browser host: server error: ${error.message}`));
  return (server.address() as AddressInfo).port;
}
