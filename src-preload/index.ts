/**
 * The bridge: `window.paydesk` gets one named function per contract operation and an `on` for events.
 * ipcRenderer itself is never exposed; the renderer cannot pick a channel.
 */
import { contextBridge, ipcRenderer } from 'electron';
import type { PaydeskBridge } from '@shared/contract';
import { ipcChannel, ipcEventChannel, isEventName, operationNames, type EventName } from '@shared/contract/names';

const operations = Object.fromEntries(
  operationNames.map((name) => [name, (input?: unknown) => ipcRenderer.invoke(ipcChannel(name), input)]),
);

const bridge = {
  ...operations,
  on(event: EventName, listener: (payload: unknown) => void) {
    if (!isEventName(event)) throw new Error(`Unknown event ${String(event)}`);
    const wrapped = (_e: unknown, payload: unknown) => listener(payload);
    ipcRenderer.on(ipcEventChannel(event), wrapped);
    return () => ipcRenderer.removeListener(ipcEventChannel(event), wrapped);
  },
} as unknown as PaydeskBridge;

contextBridge.exposeInMainWorld('paydesk', bridge);
