/** The app-wide answers most screens need: app info, the connections, and whether the keychain works. */
import type { Connection } from '@shared/contract';
import { useKeychainFailure } from '../stores/keychainStore';
import { useApiQuery } from './queries';

export function useAppInfo() {
  return useApiQuery('app.info');
}

const noConnections: Connection[] = [];

export function useConnections() {
  const query = useApiQuery('connections.list');
  return { ...query, connections: query.data ?? noConnections };
}

/** The actionable keychain message from main, or null when the keychain works. */
export function useKeychainProblem(): string | null {
  const info = useAppInfo().data;
  const failure = useKeychainFailure((s) => s.message);
  if (info && !info.keychain.available) {
    return info.keychain.message ?? 'The system keychain is not available, so Paydesk cannot store or read connection secrets.';
  }
  return failure;
}

export function connectionLabel(connections: Array<Pick<Connection, 'id' | 'label'>>, id: string): string {
  return connections.find((c) => c.id === id)?.label ?? id;
}
