/** A minimal client of the browser host's WebSocket API (the same frames the renderer's bridge sends). */
import WebSocket from 'ws';
import type { Envelope } from '@shared/contract/model';

export interface ApiClient {
  call<T = unknown>(op: string, input?: unknown): Promise<T>;
  on(event: string, listener: (payload: unknown) => void): () => void;
  close(): void;
}

export async function connectApi(origin: string, token: string): Promise<ApiClient> {
  // The host accepts sockets from its own page only (exact Origin), as a browser would send it.
  const socket = new WebSocket(`${origin.replace(/^http/, 'ws')}/api?token=${encodeURIComponent(token)}`, { origin });
  const pending = new Map<number, (e: Envelope<unknown>) => void>();
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let nextId = 1;
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; envelope?: Envelope<unknown>; event?: string; payload?: unknown };
    if (frame.id !== undefined && frame.envelope) {
      pending.get(frame.id)?.(frame.envelope);
      pending.delete(frame.id);
    } else if (frame.event) {
      listeners.get(frame.event)?.forEach((l) => l(frame.payload));
    }
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return {
    call<T>(op: string, input?: unknown) {
      return new Promise<T>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, (envelope) => (envelope.ok ? resolve(envelope.value as T) : reject(new Error(`${op}: ${envelope.error.message}`))));
        socket.send(JSON.stringify({ id, op, input }));
      });
    },
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
    close() {
      socket.close();
    },
  };
}
