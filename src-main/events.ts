import { EventEmitter } from 'node:events';
import type { EventName, EventPayloads } from '@shared/contract';

/** Main-process event bus; the Electron binding and the browser host forward every event to the renderer. */
export class EventBus {
  private readonly emitter = new EventEmitter();

  emit<E extends EventName>(event: E, payload: EventPayloads[E]): void {
    this.emitter.emit(event, payload);
  }

  on<E extends EventName>(event: E, listener: (payload: EventPayloads[E]) => void): () => void {
    this.emitter.on(event, listener);
    return () => this.emitter.off(event, listener);
  }

  onAny(listener: <E extends EventName>(event: E, payload: EventPayloads[E]) => void, events: readonly EventName[]): () => void {
    const offs = events.map((event) => this.on(event, (payload) => listener(event, payload)));
    return () => offs.forEach((off) => off());
  }
}
