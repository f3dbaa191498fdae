/**
 * Settings → Open log folder in the Electron shell: the renderer asks with window.open(file URL of the folder); the
 * shell's window-open handler opens exactly that folder with shell.openPath and nothing else (no other file, no
 * file under it, no other scheme), and never opens a window.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { WebContents } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { lockDownWebContents, openableFolder } from '../../../src-main/shell/security';
import { logFolderUrl } from '../../../src-renderer/src/screens/settings/logFolder';
import { FakeWebContents } from './fake-electron';

/** A data folder as the OS would give one (its name is made up; nothing is created there). */
const dataFolder = join(tmpdir(), 'paydesk-open-folder', 'Paydesk');
const folder = join(dataFolder, 'logs');
const spaced = join(tmpdir(), 'paydesk-open-folder', 'My Paydesk', 'logs');

describe('Open log folder', () => {
  it('only the exact folder opens, as the renderer names it', () => {
    expect(openableFolder(pathToFileURL(folder).href, [folder])).toBe(folder);
    expect(openableFolder(logFolderUrl(folder), [folder])).toBe(folder);
    expect(openableFolder(logFolderUrl(spaced), [spaced])).toBe(spaced);
    for (const url of [
      pathToFileURL(join(folder, 'app.log')).href,
      pathToFileURL(dataFolder).href,
      pathToFileURL('/etc/passwd').href,
      `${pathToFileURL(folder).href}?x=1`,
      `file://evil.example${folder}`,
      'https://example.com/',
      'not a url',
    ])
      expect(openableFolder(url, [folder]), url).toBeNull();
  });

  it('the window-open handler opens the folder with shell.openPath and denies the window', () => {
    const contents = new FakeWebContents('app://paydesk/index.html');
    const shell = { openExternal: vi.fn(() => Promise.resolve()), openPath: vi.fn(() => Promise.resolve('')) };
    lockDownWebContents(contents as unknown as WebContents, shell, {
      isAppUrl: () => true,
      isExternalAllowed: () => false,
      openableFolders: () => [folder],
    });
    expect(contents.windowOpenHandler!({ url: logFolderUrl(folder) })).toEqual({ action: 'deny' });
    expect(shell.openPath).toHaveBeenCalledWith(folder);
    expect(contents.windowOpenHandler!({ url: pathToFileURL('/etc/passwd').href })).toEqual({ action: 'deny' });
    expect(shell.openPath).toHaveBeenCalledTimes(1);
    expect(shell.openExternal).not.toHaveBeenCalled();
  });
});
