/**
 * The renderer's only way to reach main: a typed client over `window.paydesk`, which is provided either by the
 * Electron preload or, in the browser host, by the WebSocket bridge. Errors come back as ApiError with the
 * code and field errors main produced.
 */
import type {
  ApiErrorBody,
  ApiErrorCode,
  Envelope,
  EventName,
  EventPayloads,
  OperationInput,
  OperationName,
  OperationResult,
  PaydeskBridge,
} from '@shared/contract';
import { connectBrowserBridge } from './browser-bridge';

declare global {
  interface Window {
    paydesk?: PaydeskBridge;
  }
}

export class ApiError extends Error {
  readonly code: ApiErrorCode;
  readonly fieldErrors: Record<string, string>;
  constructor(body: ApiErrorBody) {
    super(body.message);
    this.name = 'ApiError';
    this.code = body.code;
    this.fieldErrors = body.fieldErrors ?? {};
  }
}

let bridgePromise: Promise<PaydeskBridge> | undefined;

function bridge(): Promise<PaydeskBridge> {
  bridgePromise ??= window.paydesk ? Promise.resolve(window.paydesk) : connectBrowserBridge();
  return bridgePromise;
}

export async function call<K extends OperationName>(name: K, input?: OperationInput<K>): Promise<OperationResult<K>> {
  const b = await bridge();
  const fn = b[name] as (input?: OperationInput<K>) => Promise<Envelope<OperationResult<K>>>;
  const envelope = await fn(input);
  if (envelope.ok) return envelope.value;
  throw new ApiError(envelope.error);
}

/** Subscribes to a main-process event; returns the unsubscribe function. */
export function on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
  let off: (() => void) | undefined;
  let cancelled = false;
  void bridge().then((b) => {
    if (!cancelled) off = b.on(event, listener);
  });
  return () => {
    cancelled = true;
    off?.();
  };
}

export const api = { call, on };
