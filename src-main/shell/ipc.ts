import type { BrowserWindow, IpcMain, IpcMainInvokeEvent } from 'electron';
import { eventNames, ipcChannel, ipcEventChannel, operationNames } from '@shared/contract/names';
import type { Dispatch } from '../api/dispatcher';
import type { EventBus } from '../events';
import { isAppUrl } from './app-url';

export const forbiddenReply = {
  ok: false,
  error: { code: 'FORBIDDEN', message: 'Call refused: it did not come from the Paydesk window.' },
} as const;

/** A call is trusted only from the main frame of our own window while it shows our own page. */
export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'sender' | 'senderFrame'>, window: BrowserWindow, appUrl: string): boolean {
  const frame = event.senderFrame;
  return (
    !window.isDestroyed() &&
    event.sender.id === window.webContents.id &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    isAppUrl(frame.url, appUrl)
  );
}

/**
 * Binds every contract operation to ipcMain.handle; untrusted senders get FORBIDDEN and nothing runs. The
 * dispatcher then validates the input. Events go to the window only.
 */
export function bindIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  dispatch: Dispatch,
  events: EventBus,
  window: BrowserWindow,
  appUrl: () => string,
): () => void {
  for (const name of operationNames) {
    ipcMain.handle(ipcChannel(name), (event, input: unknown) =>
      isTrustedSender(event, window, appUrl()) ? dispatch(name, input) : forbiddenReply,
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
