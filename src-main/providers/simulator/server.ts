/**
 * Shared plumbing for the provider simulators: a loopback HTTP server, JSON/form body parsing and fault
 * injection (latency, status codes, 429 with Retry-After, connection reset, commit-then-reset, no answer,
 * malformed replies, and an opt-in echo of the whole request in an error). Each provider's simulator supplies only its
 * own routes and rules.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  | { kind: 'latency'; ms: number }
  | { kind: 'status'; status: number; body?: unknown }
  | { kind: 'rateLimit'; retryAfterSeconds: number }
  /** Drop the connection before the request is handled: nothing happened. */
  | { kind: 'reset' }
  /** Handle the request (state changes), then drop the connection: the client cannot know it worked. */
  | { kind: 'commitThenReset' }
  /** Handle the request, then answer with a server error: the write happened although the reply says it failed. */
  | { kind: 'commitThenStatus'; status: number }
  /** Accept the request and never answer. */
  | { kind: 'hang' }
  /** Answer 200 with a body that is not what the API documents. */
  | { kind: 'malformed'; body: string }
  /**
   * Answer with an error whose message repeats the request: method, path and query as received, every header, and the
   * body as sent, as some APIs (and most proxies' error pages) do. With `commit`, the request is handled first.
   * Opt-in, for tests that prove nothing of a secret survives an echo.
   */
  | { kind: 'echo'; status: number; commit?: boolean };

export interface FaultRule {
  method?: string;
  /** Matches the request path (without query). A string matches as a prefix. */
  path?: RegExp | string;
  fault: Fault;
  /** How many matching requests get the fault (default 1). Infinity for all. */
  times?: number;
}

export class FaultInjector {
  private rules: Array<FaultRule & { remaining: number }> = [];

  add(rule: FaultRule): void {
    this.rules.push({ ...rule, remaining: rule.times ?? 1 });
  }

  clear(): void {
    this.rules = [];
  }

  take(method: string, path: string): Fault[] {
    const taken: Fault[] = [];
    for (const rule of this.rules) {
      if (rule.remaining <= 0) continue;
      if (rule.method && rule.method.toUpperCase() !== method) continue;
      if (rule.path && (typeof rule.path === 'string' ? !path.startsWith(rule.path) : !rule.path.test(path))) continue;
      rule.remaining -= 1;
      taken.push(rule.fault);
    }
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return taken;
  }
}

export interface SimRequest {
  method: string;
  /** Full request path (including any provider prefix such as /api/v1), without the query string. */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** Parsed JSON or form body; undefined when empty; the raw text when unparseable. */
  body: unknown;
  rawBody: string;
  /** True when a JSON content type was declared but the body did not parse. */
  bodyInvalid: boolean;
}

export interface SimResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type SimHandler = (request: SimRequest) => SimResponse | Promise<SimResponse>;

export interface RunningSimulator {
  /** e.g. http://127.0.0.1:41234 (add the provider's path prefix yourself). */
  origin: string;
  port: number;
  faults: FaultInjector;
  /** Requests seen, newest last (method + path + query), for tests that assert what the client sent. */
  requestLog: Array<{ method: string; path: string; query: string; headers: IncomingMessage['headers']; body: unknown }>;
  close(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  /** Keep at most this many requests in requestLog (0 disables it; benchmarks). */
  logLimit?: number;
}

export async function startSimulatorServer(handler: SimHandler, options: StartOptions = {}): Promise<RunningSimulator> {
  const faults = new FaultInjector();
  const sockets = new Set<Socket>();
  const requestLog: RunningSimulator['requestLog'] = [];
  const logLimit = options.logLimit ?? 1000;

  const server: Server = createServer((req, res) => {
    void serve(req, res).catch((error: unknown) => {
      if (!res.headersSent) send(res, { status: 500, body: { message: error instanceof Error ? error.message : 'simulator error' } });
    });
  });
  // Node's fetch closes an idle connection 1 s before the server's hint, so a 1 s hint meant a new TCP connection per request.
  server.keepAliveTimeout = 5000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const rawBody = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://simulator');
    const method = (req.method ?? 'GET').toUpperCase();
    const contentType = String(req.headers['content-type'] ?? '');
    let body: unknown;
    let bodyInvalid = false;
    if (rawBody) {
      if (contentType.includes('application/x-www-form-urlencoded')) body = Object.fromEntries(new URLSearchParams(rawBody));
      else {
        try {
          body = JSON.parse(rawBody);
        } catch {
          body = rawBody;
          bodyInvalid = true;
        }
      }
    }
    if (logLimit > 0) {
      requestLog.push({ method, path: url.pathname, query: url.search, headers: req.headers, body });
      if (requestLog.length > logLimit) requestLog.splice(0, requestLog.length - logLimit);
    }
    const request: SimRequest = { method, path: url.pathname, query: url.searchParams, headers: req.headers, body, rawBody, bodyInvalid };

    for (const fault of faults.take(method, url.pathname)) {
      switch (fault.kind) {
        case 'latency':
          await new Promise((r) => setTimeout(r, fault.ms));
          break;
        case 'status':
          return send(res, { status: fault.status, body: fault.body ?? { message: `simulated HTTP ${fault.status}` } });
        case 'rateLimit':
          return send(res, {
            status: 429,
            headers: { 'retry-after': String(fault.retryAfterSeconds) },
            body: { message: 'Too many requests' },
          });
        case 'reset':
          req.socket.destroy();
          return;
        case 'commitThenReset':
          await handler(request);
          req.socket.destroy();
          return;
        case 'commitThenStatus':
          await handler(request);
          return send(res, { status: fault.status, body: { message: `simulated HTTP ${fault.status}` } });
        case 'hang':
          return; // never answer; close() destroys the socket
        case 'malformed':
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(fault.body);
          return;
        case 'echo':
          if (fault.commit) await handler(request);
          return send(res, { status: fault.status, body: echoBody(method, req.url ?? url.pathname, req.headers, rawBody) });
      }
    }
    send(res, await handler(request));
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  return {
    origin: `http://127.0.0.1:${port}`,
    port,
    faults,
    requestLog,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * A provider simulator's server, moving its payouts along with `advance` every `autoAdvanceMs` (the demo workspace);
 * closing it stops the timer too.
 */
export async function serveSimulator(
  handler: SimHandler,
  options: StartOptions & { autoAdvanceMs?: number },
  advance: () => void,
): Promise<RunningSimulator> {
  const server = await startSimulatorServer(handler, { port: options.port, logLimit: options.logLimit });
  const timer = options.autoAdvanceMs && options.autoAdvanceMs > 0 ? setInterval(advance, options.autoAdvanceMs) : null;
  timer?.unref();
  return {
    ...server,
    close: async () => {
      if (timer) clearInterval(timer);
      await server.close();
    },
  };
}

/** The request as received, in the error's message (where clients look) and beside it in structured form. */
function echoBody(method: string, target: string, headers: IncomingMessage['headers'], rawBody: string) {
  const request = { method, target, headers, body: rawBody };
  return {
    message: `Request rejected: ${method} ${target} headers=${JSON.stringify(headers)} body=${rawBody} (as JSON: ${JSON.stringify(request)})`,
    request,
  };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: SimResponse) {
  const headers: Record<string, string> = { ...response.headers };
  if (response.body === undefined) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  headers['content-type'] ??= 'application/json';
  res.writeHead(response.status, headers);
  res.end(
    typeof response.body === 'string' && headers['content-type'] !== 'application/json' ? response.body : JSON.stringify(response.body),
  );
}
