import { useQueryClient } from '@tanstack/react-query';
import { invalidateScopes } from '../api/invalidation';
import { useApiMutation } from '../api/queries';
import { useNavigation } from '../stores/navigationStore';

/** Creates the demo workspace, refreshes everything that depends on it and lands on Payouts. */
export function useCreateDemo() {
  const navigate = useNavigation((s) => s.navigate);
  const client = useQueryClient();
  const mutation = useApiMutation('workspace.createDemo', {
    onSuccess: async () => {
      // The demo banner and the connections must be there when Payouts opens.
      await invalidateScopes(client, ['connections', 'payouts', 'creators', 'campaigns', 'settings']);
      navigate('payouts');
    },
  });
  const createDemo = () => mutation.mutateAsync().catch(() => undefined);
  return { createDemo, creating: mutation.isPending, error: mutation.error };
}
