/**
 * The browser host's bridge: the same PaydeskBridge shape as the Electron preload, over a WebSocket to the
 * loopback host. The link the host prints carries a single-use launch token in its fragment (#token=…), which
 * browsers never send over HTTP. The page takes it out of the address bar at once and presents it on its first
 * WebSocket; the host answers with an HttpOnly session cookie that later connections (a reload) use instead.
 */
import type { Envelope, PaydeskBridge } from '@shared/contract';
import { eventNames, operationNames, type EventName } from '@shared/contract/names';

interface Pending {
  resolve: (value: Envelope<unknown>) => void;
}

/** The host's limit (MAX_FRAME_BYTES in src-main/api/browser-host/host.ts): larger calls are refused here. */
export const MAX_FRAME_BYTES = 64 * 1024 * 1024;

/** Reads the launch token from the fragment and removes it from the address bar (and so from history). */
function takeLaunchToken(): string | null {
  const params = new URLSearchParams(window.location.hash.slice(1));
  const token = params.get('token');
  if (token !== null) {
    params.delete('token');
    const rest = params.toString();
    window.history.replaceState(window.history.state, '', `${window.location.pathname}${window.location.search}${rest ? `#${rest}` : ''}`);
  }
  return token;
}

function utf8Length(text: string): number {
  // Each UTF-16 unit is at most 3 UTF-8 bytes: count exactly only when the text could be over the limit.
  return text.length * 3 <= MAX_FRAME_BYTES ? text.length : new TextEncoder().encode(text).length;
}

export function connectBrowserBridge(): Promise<PaydeskBridge> {
  const token = takeLaunchToken();
  const base = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api`;
  const url = token ? `${base}?token=${encodeURIComponent(token)}` : base;
  const socket = new WebSocket(url);
  const pending = new Map<number, Pending>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let nextId = 1;

  socket.addEventListener('message', (message) => {
    const frame = JSON.parse(String(message.data)) as { id?: number; envelope?: Envelope<unknown>; event?: EventName; payload?: unknown };
    if (frame.id !== undefined && frame.envelope) {
      pending.get(frame.id)?.resolve(frame.envelope);
      pending.delete(frame.id);
    } else if (frame.event) {
      listeners.get(frame.event)?.forEach((listener) => listener(frame.payload));
    }
  });
  socket.addEventListener('close', () => {
    for (const p of pending.values()) {
      p.resolve({
        ok: false,
        error: { code: 'INTERNAL', message: 'The connection to the Paydesk host was lost. Restart it and reload this page.' },
      });
    }
    pending.clear();
  });

  const invoke = (name: string, input: unknown) =>
    new Promise<Envelope<unknown>>((resolve) => {
      if (socket.readyState !== WebSocket.OPEN) {
        resolve({ ok: false, error: { code: 'INTERNAL', message: 'Not connected to the Paydesk host.' } });
        return;
      }
      const id = nextId++;
      const frame = JSON.stringify({ id, op: name, input });
      if (utf8Length(frame) > MAX_FRAME_BYTES) {
        resolve({ ok: false, error: { code: 'INVALID_INPUT', message: 'This request is too large to send to the Paydesk host.' } });
        return;
      }
      pending.set(id, { resolve });
      socket.send(frame);
    });

  const bridge = Object.fromEntries(
    operationNames.map((name) => [name, (input?: unknown) => invoke(name, input)]),
  ) as unknown as PaydeskBridge;
  bridge.on = ((event: EventName, listener: (payload: unknown) => void) => {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${event}`);
    const set = listeners.get(event) ?? new Set();
    set.add(listener);
    listeners.set(event, set);
    return () => set.delete(listener);
  }) as PaydeskBridge['on'];

  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () => resolve(bridge), { once: true });
    socket.addEventListener(
      'error',
      () =>
        reject(
          new Error(
            token
              ? 'Could not connect to the Paydesk host. Is it still running? Each link it prints works once: press Enter in its terminal for a new one.'
              : 'This page is not signed in to the Paydesk host. Open the link the host printed (press Enter in its terminal for a new one).',
          ),
        ),
      { once: true },
    );
  });
}
