import { create } from 'zustand';
import type { ProviderDraftRules, ProviderId, SendReadiness } from '@shared/contract';
import { api } from '../api/client';
import { errorMessage } from '../lib/errors';
import { useAppStore } from './appStore';

/** How long a "connection answers" check is trusted before Send asks again. */
const READINESS_TTL_MS = 30_000;

export interface ReadinessEntry extends SendReadiness {
  checkedAt: number;
}

interface WorkflowState {
  formRules: Record<ProviderId, ProviderDraftRules> | null;
  formRulesError: string | null;
  readiness: Record<string, ReadinessEntry>;
  /** Connection ids with a readiness check on its way. */
  checking: Record<string, boolean>;
  attentionCount: number | null;
  loadFormRules: () => Promise<void>;
  /** Asks main whether the connections answer now; cached for a short while unless forced. */
  checkReadiness: (connectionIds: string[], force?: boolean) => Promise<void>;
  loadAttentionCount: () => Promise<void>;
}

let rulesRequest: Promise<void> | null = null;
let attentionRequest = 0;

export const useWorkflowStore = create<WorkflowState>((set, get) => ({
  formRules: null,
  formRulesError: null,
  readiness: {},
  checking: {},
  attentionCount: null,

  loadFormRules: () => {
    if (get().formRules) return Promise.resolve();
    rulesRequest ??= (async () => {
      try {
        const providers = await api.call('providers.catalog');
        set({ formRules: Object.fromEntries(providers.map((p) => [p.id, p.draftRules])), formRulesError: null });
      } catch (error) {
        useAppStore.getState().noteError(error);
        set({ formRulesError: errorMessage(error) });
      } finally {
        rulesRequest = null;
      }
    })();
    return rulesRequest;
  },

  checkReadiness: async (connectionIds, force = false) => {
    const now = Date.now();
    const { readiness, checking } = get();
    const ids = [...new Set(connectionIds)].filter(
      (id) => !checking[id] && (force || !readiness[id] || now - readiness[id].checkedAt > READINESS_TTL_MS),
    );
    if (ids.length === 0) return;
    set((s) => ({ checking: { ...s.checking, ...Object.fromEntries(ids.map((id) => [id, true])) } }));
    try {
      const answers = await api.call('payouts.sendReadiness', { connectionIds: ids });
      const at = Date.now();
      set((s) => ({ readiness: { ...s.readiness, ...Object.fromEntries(answers.map((a) => [a.connectionId, { ...a, checkedAt: at }])) } }));
    } catch (error) {
      useAppStore.getState().noteError(error);
      const at = Date.now();
      const message = `Could not check the connection: ${errorMessage(error)}`;
      set((s) => ({
        readiness: {
          ...s.readiness,
          ...Object.fromEntries(ids.map((id) => [id, { connectionId: id, ready: false, message, checkedAt: at }])),
        },
      }));
    } finally {
      set((s) => {
        const next = { ...s.checking };
        for (const id of ids) delete next[id];
        return { checking: next };
      });
    }
  },

  loadAttentionCount: async () => {
    const mine = ++attentionRequest;
    try {
      const items = await api.call('attention.list', { limit: 500 });
      if (mine === attentionRequest) set({ attentionCount: new Set(items.map((i) => i.payout.id)).size });
    } catch {
      // The badge is a hint; the Attention screen shows the error itself.
    }
  },
}));
