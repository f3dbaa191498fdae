/**
 * Who is at the desk (`session.status`) and the calls that change it. The session decides what may be shown at all:
 * the app shell only while an operator is signed in (App.tsx), and what each operator may do (lib/access.ts).
 */
import { useQueryClient, type QueryClient } from '@tanstack/react-query';
import type { OperationName, Operator, SessionStatus } from '@shared/contract';
import { mayRun } from '../lib/access';
import { usePayoutUi } from '../stores/payoutUiStore';
import { apiKey, useApiMutation, useApiQuery } from './queries';

export function useSession() {
  return useApiQuery('session.status');
}

/** The signed-in operator; the shell is shown only while there is one. */
export function useOperator(): Operator | null {
  const status = useSession().data;
  return status?.state === 'signed-in' ? status.operator : null;
}

/** true when the signed-in operator's roles allow the operation, else the one-line reason. */
export function usePermission(operation: OperationName): true | string {
  return mayRun(useOperator(), operation);
}

/** Answers that hold for anyone (who is signed in, what the providers are, the installation) survive a change of operator. */
const sessionIndependent = new Set<unknown>(['providers.catalog', 'app.info', 'session.status', 'team.status']);

/**
 * A different operator, or nobody: no answer read for the last one (what they could approve, what they saw) stays
 * in memory, and no overlay they opened stays open.
 */
export function forgetOperatorData(client: QueryClient): void {
  client.removeQueries({ predicate: (query) => !sessionIndependent.has(query.queryKey[0]) });
  usePayoutUi.getState().reset();
}

type SessionChange = 'session.signIn' | 'session.signOut' | 'session.unlock' | 'session.lock' | 'operators.createFirst';

/** A call that answers with the new session status: the gate switches at once, without waiting for main's event. */
export function useSessionCall<K extends SessionChange>(name: K) {
  const client = useQueryClient();
  return useApiMutation(name, {
    onSuccess: (status) => {
      const next = status as SessionStatus;
      const before = client.getQueryData<SessionStatus>(apiKey('session.status'));
      client.setQueryData(apiKey('session.status'), next);
      const sameOperator = next.operator !== null && before?.operator?.id === next.operator.id;
      if (!sameOperator || next.state === 'signed-out') forgetOperatorData(client);
      // After an unlock, answers refused while the desk was locked are asked again.
      else if (next.state === 'signed-in') void client.invalidateQueries({ predicate: (query) => query.state.status === 'error' });
      void client.invalidateQueries({ queryKey: ['app.info'] });
    },
  });
}
