/**
 * Tools of the hostile-input suite: the real browser host in a child process, raw HTTP requests and raw
 * WebSocket frames written by hand over net.Socket (where `ws` would refuse to send them), a well-behaved
 * client for ordinary calls, and a fingerprint of everything a call could write (database and keychain).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import keytar from 'keytar';
import { removeKeychainService } from '../../helpers/keychain-service';
import WebSocket from 'ws';
import type { Envelope } from '@shared/contract/model';
import { DATABASE_FILE } from '../../../src-main/storage/database';
import { tempDataDir } from '../../helpers/temp-dir';

export interface HostProcess {
  origin: string;
  port: number;
  dataDir: string;
  keychainService: string;
  /** Set once the process has exited: a crash, unless stop() asked for it. */
  exit: { code: number | null; signal: string | null } | null;
  stderr(): string;
  /** A new single-use launch token from the host. */
  token(): Promise<string>;
  stop(): Promise<void>;
}

export async function startHostProcess(): Promise<HostProcess> {
  const { dir, cleanup } = tempDataDir();
  const keychainService = `Paydesk-hostile-${randomBytes(4).toString('hex')}`;
  // A renderer of its own (the suite tests the host, not the UI), so it runs before any build.
  const rendererDir = join(dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(
    join(rendererDir, 'index.html'),
    '<!doctype html><title>Paydesk</title><script type="module" src="/assets/app.js"></script>',
  );
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'export {};');
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', resolve('test/integration/hostile/host-process.ts'), dir, keychainService, rendererDir],
    {
      stdio: ['pipe', 'pipe', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-20_000);
  });
  const tokenWaiters: Array<{ resolve: (token: string) => void; reject: (error: Error) => void }> = [];
  let ready: (origin: string) => void;
  let failed: (error: Error) => void;
  const readyPromise = new Promise<string>((res, rej) => {
    ready = res;
    failed = rej;
  });
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (line.startsWith('READY ')) ready((JSON.parse(line.slice(6)) as { origin: string }).origin);
    else if (line.startsWith('TOKEN ')) tokenWaiters.shift()?.resolve(line.slice(6));
  });
  const host: HostProcess = {
    origin: '',
    port: 0,
    dataDir: dir,
    keychainService,
    exit: null,
    stderr: () => stderr,
    token: () =>
      new Promise<string>((res, rej) => {
        if (host.exit) return rej(new Error(`host exited: ${JSON.stringify(host.exit)}`));
        tokenWaiters.push({ resolve: res, reject: rej });
        child.stdin!.write('token\n');
      }),
    async stop() {
      if (!host.exit) {
        const exited = new Promise((r) => child.once('exit', r));
        child.stdin!.end();
        await exited;
      }
      await removeKeychainService(keychainService);
      cleanup();
    },
  };
  child.on('exit', (code, signal) => {
    host.exit = { code, signal };
    for (const waiter of tokenWaiters.splice(0)) waiter.reject(new Error(`host exited: ${JSON.stringify(host.exit)}`));
    failed(new Error(`host exited before it was ready (${code ?? signal}): ${stderr}`));
  });
  host.origin = await readyPromise;
  host.port = Number(new URL(host.origin).port);
  return host;
}

// ---------------------------------------------------------------------------------------------------------
// Raw TCP

export interface RawReply {
  /** The status code of the first response line, or null when the server closed without answering. */
  status: number | null;
  text: string;
}

/** Writes `request` as it is and reads whatever comes back until the server closes (or 3 s pass). */
export function rawHttp(port: number, request: string | Buffer): Promise<RawReply> {
  return new Promise((res) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const done = () => {
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      res({ status: match ? Number(match[1]) : null, text });
    };
    const timer = setTimeout(done, 3_000);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', done);
    socket.on('close', done);
    // An empty request is a peer that says nothing and leaves (half-close); anything else waits for the answer.
    if (request.length === 0) socket.end();
    else socket.write(request);
  });
}

export interface RawFrame {
  fin: boolean;
  opcode: number;
  payload: Buffer;
}

/** One WebSocket frame as the RFC lays it out, with every bit ours to set (a client must mask; we may not). */
export function encodeFrame(options: {
  opcode: number;
  payload?: Buffer | string;
  fin?: boolean;
  rsv1?: boolean;
  mask?: boolean;
  /** Announce this length instead of the payload's own (to announce more than is ever sent). */
  declaredLength?: number;
}): Buffer {
  const payload = typeof options.payload === 'string' ? Buffer.from(options.payload) : (options.payload ?? Buffer.alloc(0));
  const length = options.declaredLength ?? payload.length;
  const mask = options.mask ?? true;
  const head = [((options.fin ?? true) ? 0x80 : 0) | (options.rsv1 ? 0x40 : 0) | options.opcode];
  const maskBit = mask ? 0x80 : 0;
  let header: Buffer;
  if (length < 126) header = Buffer.from([...head, maskBit | length]);
  else if (length < 65_536) {
    header = Buffer.alloc(4);
    header.writeUInt8(head[0]!, 0);
    header.writeUInt8(maskBit | 126, 1);
    header.writeUInt16BE(length, 2);
  } else {
    header = Buffer.alloc(10);
    header.writeUInt8(head[0]!, 0);
    header.writeUInt8(maskBit | 127, 1);
    header.writeBigUInt64BE(BigInt(length), 2);
  }
  if (!mask) return Buffer.concat([header, payload]);
  const key = randomBytes(4);
  const masked = Buffer.from(payload.map((byte, i) => byte ^ key[i % 4]!));
  return Buffer.concat([header, key, masked]);
}

export interface RawSocketReply {
  status: number | null;
  headers: Record<string, string>;
}

/** A WebSocket spoken by hand: the handshake with the headers we choose, then frames in both directions. */
export class RawWebSocket {
  private buffer = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;
  readonly reply: Promise<RawSocketReply>;

  private constructor(private readonly socket: Socket) {
    let resolveReply: (r: RawSocketReply) => void;
    this.reply = new Promise((r) => (resolveReply = r));
    let handshakeDone = false;
    const wake = () => {
      const waiters = this.waiters;
      this.waiters = [];
      for (const w of waiters) w();
    };
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      if (!handshakeDone) {
        const end = this.buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        handshakeDone = true;
        const lines = this.buffer.subarray(0, end).toString('latin1').split('\r\n');
        this.buffer = this.buffer.subarray(end + 4);
        const headers: Record<string, string> = {};
        for (const line of lines.slice(1)) {
          const colon = line.indexOf(':');
          if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
        }
        resolveReply({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(lines[0] ?? '')?.[1] ?? 0) || null, headers });
      }
      wake();
    });
    const onEnd = () => {
      this.closed = true;
      if (!handshakeDone) resolveReply({ status: null, headers: {} });
      wake();
    };
    socket.on('close', onEnd);
    socket.on('error', onEnd);
  }

  static open(port: number, headers: Record<string, string | undefined>, path = '/api'): RawWebSocket {
    const socket = connect(port, '127.0.0.1');
    const ws = new RawWebSocket(socket);
    const all: Record<string, string | undefined> = {
      Upgrade: 'websocket',
      Connection: 'Upgrade',
      'Sec-WebSocket-Key': randomBytes(16).toString('base64'),
      'Sec-WebSocket-Version': '13',
      ...headers,
    };
    const lines = Object.entries(all)
      .filter((e): e is [string, string] => e[1] !== undefined)
      .map(([k, v]) => `${k}: ${v}`);
    socket.write(`GET ${path} HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
    return ws;
  }

  write(data: Buffer): void {
    if (!this.closed) this.socket.write(data);
  }

  /** The next frame from the server, or null when the connection ends first or `timeoutMs` pass. */
  async nextFrame(timeoutMs = 3_000): Promise<RawFrame | null> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.takeFrame();
      if (frame) return frame;
      if (this.closed || Date.now() > deadline) return null;
      await new Promise<void>((r) => {
        const timer = setTimeout(r, Math.max(0, deadline - Date.now()));
        this.waiters.push(() => {
          clearTimeout(timer);
          r();
        });
      });
    }
  }

  /** Reads frames until a close frame: its status code, or null when the connection ended without one. */
  async closeCode(timeoutMs = 3_000): Promise<number | null> {
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (!frame) return null;
      if (frame.opcode === 0x8) return frame.payload.length >= 2 ? frame.payload.readUInt16BE(0) : 1005;
    }
  }

  /** The next text message, parsed. */
  async nextMessage(timeoutMs = 3_000): Promise<unknown> {
    for (;;) {
      const frame = await this.nextFrame(timeoutMs);
      if (!frame) return null;
      if (frame.opcode === 0x1) return JSON.parse(frame.payload.toString('utf8'));
      if (frame.opcode === 0x8) return null;
    }
  }

  destroy(): void {
    this.socket.destroy();
  }

  private takeFrame(): RawFrame | null {
    const b = this.buffer;
    if (b.length < 2) return null;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return null;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return null;
      length = Number(b.readBigUInt64BE(2));
      offset = 10;
    }
    if (b.length < offset + length) return null;
    this.buffer = b.subarray(offset + length);
    return { fin: (b[0]! & 0x80) !== 0, opcode: b[0]! & 0x0f, payload: b.subarray(offset, offset + length) };
  }
}

/** Opens an authenticated raw socket: our Host, our Origin, a fresh launch token. */
export async function openRawSession(host: HostProcess): Promise<RawWebSocket> {
  const token = await host.token();
  const ws = RawWebSocket.open(host.port, { Host: `127.0.0.1:${host.port}`, Origin: host.origin }, `/api?token=${token}`);
  const reply = await ws.reply;
  if (reply.status !== 101) throw new Error(`handshake refused: ${reply.status}`);
  return ws;
}

// ---------------------------------------------------------------------------------------------------------
// A well-behaved client

export interface Client {
  call(op: string, input?: unknown, timeoutMs?: number): Promise<Envelope<unknown>>;
  /** Sends a frame exactly as given (for frame-level refusals) and resolves with the next reply. */
  sendRaw(text: string): Promise<{ id: unknown; envelope: Envelope<unknown> }>;
  close(): void;
  isOpen(): boolean;
}

export async function connectClient(host: HostProcess): Promise<Client> {
  const token = await host.token();
  const ws = new WebSocket(`ws://127.0.0.1:${host.port}/api?token=${token}`, { origin: host.origin, maxPayload: 256 * 1024 * 1024 });
  await new Promise<void>((res, rej) => {
    ws.once('open', () => res());
    ws.once('error', rej);
  });
  const pending = new Map<number, (reply: { id: unknown; envelope: Envelope<unknown> }) => void>();
  const unmatched: Array<(reply: { id: unknown; envelope: Envelope<unknown> }) => void> = [];
  ws.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: unknown; envelope?: Envelope<unknown> };
    if (!frame.envelope) return; // an event
    const waiter = typeof frame.id === 'number' ? pending.get(frame.id) : undefined;
    if (waiter && typeof frame.id === 'number') {
      pending.delete(frame.id);
      waiter(frame as { id: unknown; envelope: Envelope<unknown> });
    } else unmatched.shift()?.(frame as { id: unknown; envelope: Envelope<unknown> });
  });
  ws.on('error', () => undefined);
  let nextId = 1;
  const withTimeout = <T>(promise: Promise<T>, ms: number, what: string) =>
    Promise.race([promise, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no reply to ${what} within ${ms} ms`)), ms))]);
  return {
    call(op, input, timeoutMs = 15_000) {
      const id = nextId++;
      const reply = new Promise<{ id: unknown; envelope: Envelope<unknown> }>((res) => pending.set(id, res));
      ws.send(JSON.stringify({ id, op, input }));
      return withTimeout(reply, timeoutMs, op).then((r) => r.envelope);
    },
    sendRaw(text) {
      const reply = new Promise<{ id: unknown; envelope: Envelope<unknown> }>((res) => unmatched.push(res));
      ws.send(text);
      return withTimeout(reply, 5_000, text.slice(0, 40));
    },
    close: () => ws.close(),
    isOpen: () => ws.readyState === ws.OPEN,
  };
}

// ---------------------------------------------------------------------------------------------------------
// What a call could have written

export interface StateProbe {
  /** Database: data_version (moves on any commit by another connection), count and max rowid of every table, the last audit seq and hash. */
  database(): string;
  /** Every keychain entry under the host's test service (account and a hash of the secret). */
  keychain(): Promise<string>;
  close(): void;
}

export function openStateProbe(host: HostProcess): StateProbe {
  const db = new Database(join(host.dataDir, DATABASE_FILE), { readonly: true, fileMustExist: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
  const perTable = tables.map((name) => {
    const quoted = `"${name.replaceAll('"', '""')}"`;
    try {
      return { name, statement: db.prepare(`SELECT count(*) AS n, max(rowid) AS m FROM ${quoted}`) };
    } catch {
      // WITHOUT ROWID tables have no rowid.
      return { name, statement: db.prepare(`SELECT count(*) AS n FROM ${quoted}`) };
    }
  });
  const lastAudit = db.prepare('SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1');
  return {
    database() {
      const version = db.pragma('data_version', { simple: true }) as number;
      const rows = perTable.map(({ name, statement }) => [name, statement.get()]);
      return JSON.stringify({ version, rows, audit: lastAudit.get() ?? null });
    },
    async keychain() {
      // The audit trail's head follows every appended event (written a moment later, src-main/audit/anchor.ts): it is
      // the trail's, not a call's, so it is left out; every other entry (secrets, the audit key) is compared.
      const entries = (await keytar.findCredentials(host.keychainService)).filter((e) => !e.account.startsWith('audit-head:'));
      return JSON.stringify(
        entries.map((e) => [e.account, createHash('sha256').update(e.password).digest('hex')]).sort((a, b) => (a[0]! < b[0]! ? -1 : 1)),
      );
    },
    close: () => db.close(),
  };
}

/** Waits until the database stops changing (background work after set-up has settled). */
export async function waitForQuiet(probe: StateProbe, quietMs = 600, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = probe.database();
  let since = Date.now();
  while (Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 100));
    const now = probe.database();
    if (now !== last) {
      last = now;
      since = Date.now();
    } else if (Date.now() - since >= quietMs) return;
  }
  throw new Error('the database kept changing');
}
