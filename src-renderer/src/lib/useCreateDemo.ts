import { useQueryClient } from '@tanstack/react-query';
import { useApiMutation } from '../api/queries';

/**
 * Creates the demo workspace (only a new, empty one can become it). Nobody is signed in afterwards: the sign-in
 * screen then offers the demo's three operators.
 */
export function useCreateDemo() {
  const client = useQueryClient();
  const mutation = useApiMutation('workspace.createDemo', {
    onSuccess: async () => {
      await Promise.all([client.invalidateQueries({ queryKey: ['session.status'] }), client.invalidateQueries({ queryKey: ['app.info'] })]);
    },
  });
  const createDemo = () => mutation.mutateAsync().catch(() => undefined);
  return { createDemo, creating: mutation.isPending, error: mutation.error };
}
