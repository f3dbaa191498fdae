import type { App } from 'electron';

/**
 * Quitting waits for the services to close (the payout workflow finishes what it is doing, SQLite is closed
 * cleanly): the first before-quit is held back, the services are closed, then the app exits for good.
 */
export function closeBeforeQuit(app: Pick<App, 'on' | 'exit'>, close: () => Promise<void>, log: (message: string) => void): void {
  let closing: Promise<void> | null = null;
  app.on('before-quit', (event) => {
    event.preventDefault();
    closing ??= close()
      .then(
        () => 0,
        (error: unknown) => {
          log(`Paydesk could not close cleanly: ${error instanceof Error ? error.message : String(error)}`);
          return 1;
        },
      )
      .then((code) => app.exit(code));
  });
}
