/**
 * The bridge: `window.paydesk` gets one named function per contract operation and an `on` for events.
 * ipcRenderer itself is never exposed; the renderer cannot pick a channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { eventNames, ipcChannel, ipcEventChannel, operationNames, type EventName, type PaydeskBridge } from '@contract';

const operations = Object.fromEntries(
  operationNames.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]),
);

const bridge = {
  ...operations,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!eventNames.includes(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcEventChannel(event), wrapped);
    return () => ipcRenderer.removeListener(ipcEventChannel(event), wrapped);
  },
} as unknown as PaydeskBridge;

contextBridge.exposeInMainWorld('paydesk', bridge);
