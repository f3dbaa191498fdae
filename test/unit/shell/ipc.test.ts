import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { BrowserWindow } from 'electron';
import { ipcChannel, ipcEventChannel, operationNames } from '@shared/contract/names';
import { bindIpc, forbiddenReply } from '../../../src-main/shell/ipc';
import { EventBus } from '../../../src-main/events';
import { FakeBrowserWindow, FakeFrame, FakeWebContents, fakeIpcMain, resetFakes } from './fake-electron';

const APP = 'app://paydesk/index.html';

describe('IPC trust check', () => {
  let window: FakeBrowserWindow;
  let events: EventBus;
  const dispatch = vi.fn((name: unknown, _input: unknown) => Promise.resolve({ ok: true as const, value: `ran ${String(name)}` }));
  let unbind: () => void;

  beforeEach(() => {
    resetFakes();
    dispatch.mockClear();
    events = new EventBus();
    window = new FakeBrowserWindow({});
    void window.loadURL(APP);
    unbind = bindIpc(fakeIpcMain, dispatch, events, window as unknown as BrowserWindow, () => APP);
  });

  const invoke = (event: { sender: { id: number }; senderFrame: FakeFrame | null }, name = 'settings.get') =>
    fakeIpcMain.handlers.get(ipcChannel(name as (typeof operationNames)[number]))!(event, { some: 'input' });

  it('binds exactly one handler per operation, and unbinding removes them all', () => {
    expect([...fakeIpcMain.handlers.keys()].sort()).toEqual(operationNames.map((n) => ipcChannel(n)).sort());
    unbind();
    expect(fakeIpcMain.handlers.size).toBe(0);
  });

  it('dispatches a call from the main frame of our window on our page', async () => {
    expect(await invoke({ sender: window.webContents, senderFrame: window.webContents.mainFrame }, 'payouts.list')).toEqual({
      ok: true,
      value: 'ran payouts.list',
    });
    expect(dispatch).toHaveBeenCalledWith('payouts.list', { some: 'input' });
    // The app's own page with a query or fragment is still the app.
    window.webContents.mainFrame.url = `${APP}?screen=payouts#x`;
    expect(await invoke({ sender: window.webContents, senderFrame: window.webContents.mainFrame })).toMatchObject({ ok: true });
  });

  it.each([
    ['other web contents', () => ({ sender: new FakeWebContents(APP), senderFrame: new FakeFrame(APP) })],
    [
      'other web contents presenting our main frame',
      () => ({ sender: new FakeWebContents(APP), senderFrame: window.webContents.mainFrame }),
    ],
    ['a sub-frame of our window on our page', () => ({ sender: window.webContents, senderFrame: new FakeFrame(APP) })],
    ['a frame that is gone', () => ({ sender: window.webContents, senderFrame: null })],
  ])('refuses a call from %s', async (_name, event) => {
    expect(await invoke(event())).toEqual(forbiddenReply);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it.each([
    ['a site it navigated to', 'https://evil.example/index.html'],
    ['another file', 'file:///opt/Paydesk/resources/app/out/renderer/index.html'],
    ['another page of the app scheme', 'app://paydesk/other.html'],
    ['another host of the app scheme', 'app://evil/index.html'],
    ['a data URL', 'data:text/html,<script>1</script>'],
    ['about:blank', 'about:blank'],
  ])('refuses a call from our main frame once it shows %s', async (_name, url) => {
    window.webContents.mainFrame.url = url;
    expect(await invoke({ sender: window.webContents, senderFrame: window.webContents.mainFrame })).toEqual(forbiddenReply);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('refuses every call once the window is destroyed', async () => {
    window.destroyed = true;
    expect(await invoke({ sender: window.webContents, senderFrame: window.webContents.mainFrame })).toEqual(forbiddenReply);
  });

  it('sends events to our window only while it exists, and stops after unbinding', () => {
    events.emit('dataChanged', { scopes: ['payouts'] });
    expect(window.webContents.sent).toEqual([{ channel: ipcEventChannel('dataChanged'), payload: { scopes: ['payouts'] } }]);
    window.destroyed = true;
    events.emit('dataChanged', { scopes: ['audit'] });
    expect(window.webContents.sent).toHaveLength(1);
    window.destroyed = false;
    unbind();
    events.emit('dataChanged', { scopes: ['audit'] });
    expect(window.webContents.sent).toHaveLength(1);
  });
});
