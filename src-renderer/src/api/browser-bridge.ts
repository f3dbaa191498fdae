/**
 * The browser host's bridge: the same PaydeskBridge shape as the Electron preload, over a WebSocket to the
 * loopback host. The per-run token arrives in the URL fragment (#token=…), which browsers never send to the
 * server in HTTP requests; it is sent once, in the WebSocket URL, and the host refuses connections without it.
 */
import type { Envelope, PaydeskBridge } from '@shared/contract';
import { eventNames, operationNames, type EventName } from '@shared/contract/names';

interface Pending {
  resolve: (value: Envelope<unknown>) => void;
}

export function connectBrowserBridge(): Promise<PaydeskBridge> {
  const token = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (!token) {
    return Promise.reject(new Error('This page was opened without its access token. Open the exact URL the Paydesk host printed.'));
  }
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}/api?token=${encodeURIComponent(token)}`;
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
      pending.set(id, { resolve });
      socket.send(JSON.stringify({ id, op: name, input }));
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
    socket.addEventListener('error', () => reject(new Error('Could not connect to the Paydesk host. Is it still running?')), {
      once: true,
    });
  });
}
