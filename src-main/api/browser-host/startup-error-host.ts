/**
 * When the services cannot start (locked, damaged or foreign database, unusable data folder, no keychain where one
 * is needed…), the browser host still answers on 127.0.0.1: every page request gets the start-up error page
 * (src-main/startup/startup-error.ts) that says what happened and what to do, with status 503. No socket, no
 * operation, no file of the app is served, and the Host header is checked as in host.ts.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { renderStartupErrorPage } from '../../startup/startup-error';
import { listenOnLoopback, startBrowserHost, type BrowserHost, type BrowserHostOptions } from './host';

export interface StartupErrorHost {
  /** The page's address (no token: there is nothing to sign in to). */
  url: string;
  origin: string;
  /** What createServices threw. */
  error: unknown;
  close(): Promise<void>;
}

const PAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

export async function serveStartupErrorPage(
  error: unknown,
  options: { port?: number; log?: (message: string) => void } = {},
): Promise<StartupErrorHost> {
  const log = options.log ?? ((message: string) => console.error(message));
  const page = renderStartupErrorPage(error);
  let port = 0;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const headers = {
      'content-security-policy': PAGE_CSP,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': 'no-store',
    };
    if (req.headers.host !== `127.0.0.1:${port}`) {
      res.writeHead(421, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Misdirected request.');
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { ...headers, allow: 'GET, HEAD' }).end();
      return;
    }
    res.writeHead(503, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(req.method === 'HEAD' ? undefined : page);
  };
  const server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch (failure) {
      log(`browser host: start-up error page failed: ${failure instanceof Error ? failure.name : typeof failure}`);
      res.destroy();
    }
  });
  // Nothing to upgrade to: the app did not start.
  server.on('upgrade', (_req, socket: Socket) => {
    socket.on('error', () => socket.destroy());
    socket.end('HTTP/1.1 503 Service Unavailable\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  const sockets = new Set<Socket>();
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  port = await listenOnLoopback(server, options.port, log);
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/`,
    origin,
    error,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

/** The browser host, or, when its services cannot start, the page that says why (never a bare exit). */
export async function startBrowserHostOrErrorPage(
  options: BrowserHostOptions,
): Promise<{ host: BrowserHost; failed?: undefined } | { host?: undefined; failed: StartupErrorHost }> {
  try {
    return { host: await startBrowserHost(options) };
  } catch (error) {
    (options.log ?? ((message: string) => console.error(message)))(
      `browser host: Paydesk could not start: ${error instanceof Error ? error.message : String(error)}`,
    );
    const port = options.port;
    return {
      failed: await serveStartupErrorPage(error, { ...(port !== undefined ? { port } : {}), ...(options.log ? { log: options.log } : {}) }),
    };
  }
}
