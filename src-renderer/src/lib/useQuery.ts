import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { EventPayloads } from '@shared/contract';
import { useAppStore } from '../stores/appStore';
import { errorMessage } from './errors';
import { useDataChanged } from './useDataChanged';

type Scope = EventPayloads['dataChanged']['scopes'][number];

export interface QueryState<T> {
  data: T | undefined;
  error: string | null;
  loading: boolean;
  reload: () => void;
}

/**
 * Loads with `load` whenever `key` changes and again when main reports a change in one of `scopes`.
 * Answers to superseded requests are dropped, so a slow old search never overwrites a newer one.
 */
export function useQuery<T>(key: string, load: () => Promise<T>, scopes: Scope[]): QueryState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const request = useRef(0);
  const loadRef = useRef(load);
  useLayoutEffect(() => {
    loadRef.current = load;
  });

  const run = useCallback(() => {
    const mine = ++request.current;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (mine !== request.current) return;
        setData(value);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (mine !== request.current) return;
        useAppStore.getState().noteError(e);
        setError(errorMessage(e));
        setLoading(false);
      },
    );
  }, []);

  useEffect(() => {
    run();
  }, [key, run]);

  useDataChanged(scopes, run);

  return { data, error, loading, reload: run };
}
