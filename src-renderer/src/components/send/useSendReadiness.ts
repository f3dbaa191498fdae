import { useQueries, useQueryClient } from '@tanstack/react-query';
import type { SendReadiness } from '@shared/contract';
import { call } from '../../api/client';
import { apiKey } from '../../api/queries';
import { errorMessage } from '../../lib/errors';
import { offlineSendMessage, useOnline } from '../../lib/useOnline';

/** How long a "connection answers" check is trusted before Send asks again. */
const readinessTtlMs = 30_000;

const readinessKey = (connectionId: string) => apiKey('payouts.sendReadiness', { connectionIds: [connectionId] });

/** Whether the payouts' connections answer now: Send is offered only then, with the reason otherwise. */
export function useSendReadiness(connectionIds: string[]) {
  const client = useQueryClient();
  const online = useOnline();
  const ids = [...new Set(connectionIds)].sort();
  const answers = useQueries({
    queries: ids.map((connectionId) => ({
      queryKey: readinessKey(connectionId),
      queryFn: () => call('payouts.sendReadiness', { connectionIds: [connectionId] }),
      staleTime: readinessTtlMs,
      // Offline: nothing can reach a provider, so sending is off without asking main.
      enabled: online,
    })),
  });
  if (!online) {
    return {
      pending: false,
      notReady: ids.map((connectionId) => ({ connectionId, ready: false, message: offlineSendMessage })),
      isReady: () => false,
      recheck: () => undefined,
    };
  }
  const byId = new Map<string, SendReadiness>();
  answers.forEach((answer, i) => {
    const connectionId = ids[i]!;
    if (answer.data?.[0]) byId.set(connectionId, answer.data[0]);
    else if (answer.error)
      byId.set(connectionId, { connectionId, ready: false, message: `Could not check the connection: ${errorMessage(answer.error)}` });
  });
  return {
    pending: answers.some((a) => a.isFetching) || ids.some((id) => !byId.has(id)),
    notReady: [...byId.values()].filter((r) => !r.ready),
    isReady: (connectionId: string) => byId.get(connectionId)?.ready === true,
    recheck: () => {
      for (const id of ids) void client.invalidateQueries({ queryKey: readinessKey(id) });
    },
  };
}
