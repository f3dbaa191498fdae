import { useEffect } from 'react';

let openOverlays = 0;

/**
 * Mantine portals modals and drawers outside #root but leaves the page behind them in the accessibility tree,
 * so "Remove" on the page and "Remove" in the dialog would both be announced. While an overlay is open the
 * app root is made inert and aria-hidden; a counter keeps it so while overlays are stacked.
 */
export function useInertBackground(opened: boolean): void {
  useEffect(() => {
    if (!opened) return;
    const root = document.getElementById('root');
    if (!root) return;
    openOverlays += 1;
    root.inert = true;
    root.setAttribute('aria-hidden', 'true');
    return () => {
      openOverlays -= 1;
      if (openOverlays === 0) {
        root.inert = false;
        root.removeAttribute('aria-hidden');
      }
    };
  }, [opened]);
}
