/**
 * Malformed and hostile traffic against the real browser host, written by hand on raw sockets: every request
 * and every frame gets a typed reply or a clean close with a close code, and the process never exits.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MAX_FRAME_BYTES } from '../../../src-main/api/browser-host/host';
import { connectClient, encodeFrame, openRawSession, rawHttp, RawWebSocket, startHostProcess, type HostProcess } from './hostile-kit';

let host: HostProcess;
beforeAll(async () => {
  host = await startHostProcess();
});
afterAll(async () => {
  await host?.stop();
});

/** After every hostile request: the process is alive and a fresh, ordinary connection is served. */
afterEach(async () => {
  expect(host.exit, `the host exited; its log:\n${host.stderr()}`).toBeNull();
  const client = await connectClient(host);
  try {
    expect(await client.call('providers.catalog')).toMatchObject({ ok: true });
  } finally {
    client.close();
  }
});

const get = (path: string, hostHeader?: string) =>
  rawHttp(host.port, `GET ${path} HTTP/1.1\r\nHost: ${hostHeader ?? `127.0.0.1:${host.port}`}\r\nConnection: close\r\n\r\n`);

describe('HTTP', () => {
  it.each([
    ['a lone percent sign', '/%', 400],
    ['a truncated UTF-8 escape', '/%E0%A4%A', 400],
    ['an escape that is not UTF-8', '/assets/%ff', 400],
    ['an encoded NUL', '/index.html%00.js', 400],
    ['an encoded backslash', '/..%5c..%5cetc%5cpasswd', 400],
    ['encoded traversal', '/..%2f..%2f..%2fetc%2fpasswd', 403],
    ['an absolute-form target', 'http://evil.example/', 400],
    ['a missing asset', '/assets/nothing-here.js', 404],
  ])('%s (%s) gets %i', async (_name, path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  it('serves the page with its CSP to our own host name only (DNS rebinding)', async () => {
    const own = await get('/');
    expect(own.status).toBe(200);
    expect(own.text).toMatch(/content-security-policy: default-src 'self'/i);
    expect((await get('/', `evil.example:${host.port}`)).status).toBe(421);
    expect((await get('/', 'localhost')).status).toBe(421);
    expect((await get('/', `127.0.0.1:${host.port + 1}`)).status).toBe(421);
    expect((await rawHttp(host.port, 'GET / HTTP/1.0\r\n\r\n')).status).toBe(421);
  });

  it('refuses other methods, garbage and oversized headers', async () => {
    expect(
      (await rawHttp(host.port, `POST / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`))
        .status,
    ).toBe(405);
    expect((await rawHttp(host.port, '\u0000\u0001\u0002 nonsense\r\n\r\n')).status).toBe(400);
    const huge = `GET / HTTP/1.1\r\nHost: 127.0.0.1:${host.port}\r\nX-Big: ${'a'.repeat(100_000)}\r\n\r\n`;
    expect((await rawHttp(host.port, huge)).status).toBe(431);
    // A peer that says nothing and leaves.
    expect((await rawHttp(host.port, '')).status).toBeNull();
  });
});

describe('WebSocket handshake', () => {
  const handshake = async (headers: Record<string, string | undefined>, path = '/api') => {
    const ws = RawWebSocket.open(host.port, headers, path);
    const reply = await ws.reply;
    ws.destroy();
    return reply.status;
  };
  const own = () => ({ Host: `127.0.0.1:${host.port}`, Origin: host.origin });

  it('needs our Host, our exact Origin and a credential', async () => {
    expect(await handshake({ ...own(), Host: `evil.example:${host.port}` }, `/api?token=${await host.token()}`)).toBe(421);
    expect(await handshake({ ...own(), Origin: undefined }, `/api?token=${await host.token()}`)).toBe(401);
    expect(await handshake({ ...own(), Origin: 'null' }, `/api?token=${await host.token()}`)).toBe(401);
    expect(await handshake({ ...own(), Origin: `http://127.0.0.1:${host.port + 1}` }, `/api?token=${await host.token()}`)).toBe(401);
    expect(await handshake({ ...own(), Origin: `http://localhost:${host.port}` }, `/api?token=${await host.token()}`)).toBe(401);
    expect(await handshake(own())).toBe(401);
    expect(await handshake(own(), '/api?token=')).toBe(401);
    expect(await handshake(own(), '/api?token=not-a-token')).toBe(401);
    expect(await handshake(own(), `/elsewhere?token=${await host.token()}`)).toBe(404);
    expect(await handshake({ ...own(), 'Sec-WebSocket-Key': undefined }, `/api?token=${await host.token()}`)).toBe(400);
  });

  it('a launch token works once; the session cookie it brings works again, on this port only', async () => {
    const token = await host.token();
    const first = RawWebSocket.open(host.port, own(), `/api?token=${token}`);
    const reply = await first.reply;
    first.destroy();
    expect(reply.status).toBe(101);
    const cookie = reply.headers['set-cookie'] ?? '';
    expect(cookie).toMatch(new RegExp(`^paydesk_session_${host.port}=[\\w-]{40,}; HttpOnly; SameSite=Strict; Path=/api$`));
    expect(await handshake(own(), `/api?token=${token}`)).toBe(401);
    const session = cookie.split(';')[0]!;
    expect(await handshake({ ...own(), Cookie: session })).toBe(101);
    expect(await handshake({ ...own(), Cookie: `other=1; ${session}; x=y` })).toBe(101);
    // The cookie is not a credential for a page of another origin, nor under another name.
    expect(await handshake({ ...own(), Origin: 'http://127.0.0.1:1', Cookie: session })).toBe(401);
    expect(await handshake({ ...own(), Cookie: session.replace(`_${host.port}=`, '_1=') })).toBe(401);
    expect(await handshake({ ...own(), Cookie: `${session}x` })).toBe(401);
  });

  it('a peer that resets the connection mid-handshake does no harm', async () => {
    const ws = RawWebSocket.open(host.port, own(), `/api?token=${await host.token()}`);
    ws.destroy();
    await new Promise((r) => setTimeout(r, 100));
  });
});

describe('WebSocket frames', () => {
  it.each([
    ['null', null],
    ['a number', 1],
    ['a string', '"app.info"'],
    ['an array', '[1, "app.info"]'],
    ['not JSON', '{"id":1,'],
    ['no id', '{"op":"app.info"}'],
    ['a string id', '{"id":"1","op":"app.info"}'],
    ['a fractional id', '{"id":1.5,"op":"app.info"}'],
    ['a huge id', '{"id":1e400,"op":"app.info"}'],
    ['deep nesting', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
  ])('%s: INVALID_INPUT without an id', async (_name, text) => {
    const client = await connectClient(host);
    const reply = await client.sendRaw(String(text));
    client.close();
    expect(reply).toMatchObject({ id: null, envelope: { ok: false, error: { code: 'INVALID_INPUT' } } });
  });

  it.each([
    ['an object as op', '{"id":7,"op":{"toString":1}}', 'INVALID_INPUT'],
    ['op missing', '{"id":7}', 'INVALID_INPUT'],
    ['op as array', '{"id":7,"op":["app.info"]}', 'INVALID_INPUT'],
    ['an unknown op', '{"id":7,"op":"app.shutdown"}', 'UNKNOWN_OPERATION'],
    ['__proto__', '{"id":7,"op":"__proto__"}', 'UNKNOWN_OPERATION'],
    ['constructor', '{"id":7,"op":"constructor"}', 'UNKNOWN_OPERATION'],
    ['toString', '{"id":7,"op":"toString"}', 'UNKNOWN_OPERATION'],
    ['hasOwnProperty', '{"id":7,"op":"hasOwnProperty"}', 'UNKNOWN_OPERATION'],
    ['an input of the wrong shape', '{"id":7,"op":"payouts.get","input":{"id":"1"}}', 'INVALID_INPUT'],
    ['an input with __proto__', '{"id":7,"op":"settings.update","input":{"__proto__":{"operatorName":"x"}}}', 'INVALID_INPUT'],
  ])('%s: %s with its id', async (_name, text, code) => {
    const client = await connectClient(host);
    const reply = await client.sendRaw(text);
    client.close();
    expect(reply).toMatchObject({ id: 7, envelope: { ok: false, error: { code } } });
  });

  it('a binary frame gets INVALID_INPUT and the socket stays usable', async () => {
    const ws = await openRawSession(host);
    ws.write(encodeFrame({ opcode: 0x2, payload: '{"id":1,"op":"app.info"}' }));
    expect(await ws.nextMessage()).toMatchObject({ id: null, envelope: { ok: false, error: { code: 'INVALID_INPUT' } } });
    ws.write(encodeFrame({ opcode: 0x1, payload: '{"id":2,"op":"providers.catalog"}' }));
    expect(await ws.nextMessage()).toMatchObject({ id: 2, envelope: { ok: true } });
    ws.destroy();
  });

  it.each([
    ['invalid UTF-8', { opcode: 0x1, payload: Buffer.from([0x7b, 0xc3, 0x28, 0x7d]) }, 1007],
    ['RSV1 set without an extension', { opcode: 0x1, rsv1: true, payload: '{}' }, 1002],
    ['an unmasked client frame', { opcode: 0x1, mask: false, payload: '{}' }, 1002],
    ['reserved opcode 3', { opcode: 0x3, payload: 'x' }, 1002],
    ['reserved control opcode 0xB', { opcode: 0xb }, 1002],
    ['a fragmented control frame', { opcode: 0x9, fin: false }, 1002],
    ['a continuation with nothing to continue', { opcode: 0x0, payload: 'x' }, 1002],
    ['a close frame with a reserved code', { opcode: 0x8, payload: Buffer.from([0x03, 0xec]) }, 1002],
    ['a message over the limit', { opcode: 0x1, declaredLength: MAX_FRAME_BYTES + 1 }, 1009],
    ['a 2^63-byte message', { opcode: 0x1, declaredLength: 2 ** 53 }, 1009],
  ])('%s: closed with %i', async (_name, frame, code) => {
    const ws = await openRawSession(host);
    ws.write(encodeFrame(frame));
    expect(await ws.closeCode()).toBe(code);
    ws.destroy();
  });

  it('fragments adding up to more than the limit: closed with 1009', async () => {
    const ws = await openRawSession(host);
    const half = Buffer.alloc(MAX_FRAME_BYTES / 2 + 1, 0x20);
    ws.write(encodeFrame({ opcode: 0x1, fin: false, payload: half }));
    ws.write(encodeFrame({ opcode: 0x0, fin: true, payload: half }));
    expect(await ws.closeCode(10_000)).toBe(1009);
    ws.destroy();
  });

  it('a ping is answered; a peer vanishing with calls in flight does no harm', async () => {
    const ws = await openRawSession(host);
    ws.write(encodeFrame({ opcode: 0x9, payload: 'hi' }));
    const pong = await ws.nextFrame();
    expect(pong?.opcode).toBe(0xa);
    expect(pong?.payload.toString()).toBe('hi');
    for (let id = 1; id <= 20; id++) ws.write(encodeFrame({ opcode: 0x1, payload: JSON.stringify({ id, op: 'overview.get' }) }));
    ws.destroy();
    await new Promise((r) => setTimeout(r, 300));
  });
});
