import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { eventNames, ipcChannel, ipcEventChannel, operationNames } from '@shared/contract';
import type { Dispatch } from '../api/dispatcher';
import type { EventBus } from '../events';
import { isAppUrl } from './app-url';

/**
 * Binds every contract operation to ipcMain.handle. A call is answered only when it comes from the main
 * frame of our own window showing our own page; the dispatcher then validates the input.
 */
export function bindIpc(dispatch: Dispatch, events: EventBus, window: BrowserWindow, appUrl: () => string): () => void {
  const trusted = (event: IpcMainInvokeEvent) =>
    event.sender.id === window.webContents.id &&
    event.senderFrame !== null &&
    event.senderFrame === window.webContents.mainFrame &&
    isAppUrl(event.senderFrame.url, appUrl());

  for (const name of operationNames) {
    ipcMain.handle(ipcChannel(name), (event, input: unknown) =>
      trusted(event)
        ? dispatch(name, input)
        : { ok: false, error: { code: 'FORBIDDEN', message: 'Call refused: it did not come from the Paydesk window.' } },
    );
  }
  const off = events.onAny((event, payload) => {
    if (!window.isDestroyed()) window.webContents.send(ipcEventChannel(event), payload);
  }, eventNames);
  return () => {
    off();
    for (const name of operationNames) ipcMain.removeHandler(ipcChannel(name));
  };
}
