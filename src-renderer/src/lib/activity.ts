/**
 * Tells main that the operator is at the keyboard, so the idle lock counts from their last input, not from the
 * last call (background refetches must never keep an unattended desk open). Input is frequent; main needs to hear
 * of it at most every `intervalMs`.
 */
import { useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { call } from '../api/client';
import { isUnauthenticated } from './errors';

export const touchIntervalMs = 20_000;

/** The first input is reported at once, then at most one per interval; `send` is not awaited. */
export function activityReporter(send: () => void, intervalMs: number, now: () => number = Date.now): () => void {
  let last = -Infinity;
  return () => {
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    send();
  };
}

const inputEvents = ['keydown', 'pointerdown', 'wheel'] as const;

/** While the shell is shown: keyboard and pointer input keep the desk open. */
export function useActivityTouch(): void {
  const client = useQueryClient();
  useEffect(() => {
    const report = activityReporter(() => {
      call('session.touch').catch((error: unknown) => {
        if (isUnauthenticated(error)) void client.invalidateQueries({ queryKey: ['session.status'] });
      });
    }, touchIntervalMs);
    for (const name of inputEvents) window.addEventListener(name, report, { capture: true, passive: true });
    return () => {
      for (const name of inputEvents) window.removeEventListener(name, report, { capture: true });
    };
  }, [client]);
}
