/**
 * Electron entry: hands the real Electron API to the shell's start-up (bootstrap.ts). Everything else lives in
 * plain-Node modules that the tests and the browser host use as they are.
 */
import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron';
import { join } from 'node:path';
import { createServiceDispatcher } from '../api/service-dispatcher';
import { createServices } from '../services';
import { bootstrap } from './bootstrap';

bootstrap(
  { app, BrowserWindow, dialog, ipcMain, protocol, session, shell },
  {
    rendererDir: join(__dirname, '../renderer'),
    preload: join(__dirname, '../preload/index.cjs'),
    env: process.env,
    createServices: (options) => createServices({ ...options, host: 'electron' }),
    createDispatch: (services) => createServiceDispatcher(services),
  },
);
