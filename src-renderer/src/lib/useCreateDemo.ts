import { useState } from 'react';
import { api } from '../api/client';
import { useAppStore } from '../stores/appStore';
import { useNavigation } from '../stores/navigationStore';
import { usePayoutsStore } from '../stores/payoutsStore';

/** Creates the demo workspace, refreshes everything that depends on it and lands on Payouts. */
export function useCreateDemo() {
  const navigate = useNavigation((s) => s.navigate);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const createDemo = async () => {
    setCreating(true);
    setError(null);
    try {
      await api.call('workspace.createDemo');
      const app = useAppStore.getState();
      await Promise.all([app.loadInfo(), app.loadConnections()]);
      void usePayoutsStore.getState().reload();
      setCreating(false);
      navigate('payouts');
    } catch (e) {
      useAppStore.getState().noteError(e);
      setError(e);
      setCreating(false);
    }
  };

  return { createDemo, creating, error };
}
