import { useEffect, useEffectEvent } from 'react';
import type { EventPayloads } from '@shared/contract';
import { api } from '../api/client';

type Scope = EventPayloads['dataChanged']['scopes'][number];

/** Calls onChange (debounced) when main reports a change in any of the given scopes. */
export function useDataChanged(scopes: Scope[], onChange: () => void, delayMs = 300): void {
  const fire = useEffectEvent(onChange);
  const key = scopes.join(',');
  useEffect(() => {
    const wanted = new Set(key.split(','));
    let timer: number | undefined;
    const off = api.on('dataChanged', (payload) => {
      if (!payload.scopes.some((s) => wanted.has(s))) return;
      timer ??= window.setTimeout(() => {
        timer = undefined;
        fire();
      }, delayMs);
    });
    return () => {
      off();
      if (timer !== undefined) window.clearTimeout(timer);
    };
  }, [key, delayMs]);
}
