import type { EventPayloads } from '@shared/contract';
import type { ApiHandlers } from '../dispatcher';
import { notFound } from '../../errors';
import { providerCatalog } from '../../providers/registry';
import { createPayoutHandlers } from './payouts';
import { attentionList } from '../../payouts/tracking';
import type { Services } from '../../services';

/** Implements every operation of the contract on top of the services. Inputs arrive already validated. */
export function createHandlers(s: Services): ApiHandlers {
  const changed = (...scopes: EventPayloads['dataChanged']['scopes']) => s.events.emit('dataChanged', { scopes });

  return {
    ...createPayoutHandlers(s),
    'app.info': async () => {
      const connections = s.connectionRepo.list();
      return {
        version: s.options.version,
        host: s.options.host,
        dataDir: s.options.dataDir,
        osUser: s.osUser,
        operatorName: s.settings.get().operatorName,
        keychain: await s.credentials.status(),
        workspaceEmpty: connections.length === 0 && s.payouts.count() === 0,
        demoWorkspace: connections.some((c) => c.isDemo),
      };
    },
    'settings.get': () => s.settings.get(),
    'settings.update': (input) => {
      const before = s.settings.get();
      s.db.transaction(() => {
        s.settings.set('operatorName', input.operatorName);
        s.audit.append({
          actor: s.actor(),
          action: 'settings.changed',
          subject: 'settings',
          details: { before, after: { operatorName: input.operatorName } },
        });
      })();
      changed('settings', 'audit');
      return s.settings.get();
    },

    'connections.list': () => s.connections.list(),
    'connections.add': async (input) => {
      const result = await s.connections.add(input);
      changed('connections', 'audit');
      return result;
    },
    'connections.update': async (input) => {
      const result = await s.connections.update(input);
      changed('connections', 'audit');
      return result;
    },
    'connections.remove': async (input) => {
      const result = await s.connections.remove(input.id);
      changed('connections', 'payouts', 'creators', 'campaigns', 'audit');
      return result;
    },
    'connections.test': (input) => s.connections.test(input.id),

    'workspace.createDemo': async () => {
      const result = await s.demo.create();
      changed('connections', 'payouts', 'creators', 'campaigns', 'audit');
      return result;
    },

    'providers.catalog': () => [...providerCatalog],
    'sync.start': (input) => {
      const ids = input.connectionId ? [input.connectionId] : s.connectionRepo.list().map((c) => c.id);
      if (input.connectionId && !s.connectionRepo.get(input.connectionId)) throw notFound('The connection');
      // Runs in the background: the caller follows syncProgress / syncFinished events.
      for (const id of ids) void s.sync.syncConnection(id).catch(() => undefined);
      return { started: ids };
    },
    'sync.cancel': (input) => ({ cancelled: s.sync.cancel(input.connectionId) }),

    'payouts.list': (input) => s.payouts.list(input),
    'creators.list': (input) => s.cache.listCreators(input.search, input.limit, input.connectionId),
    'campaigns.list': (input) => s.cache.listCampaigns(input.limit, input.connectionId),

    'payouts.exportCsv': (input) => {
      const { content, rows, truncated } = s.insights.exportPayoutsCsv({ ...input, limit: 500 });
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return { fileName: `paydesk-payouts-${stamp}.csv`, mimeType: 'text/csv', content, rows, truncated };
    },
    'overview.get': () => s.insights.overview(attentionList(s.payoutWorkflow.ctx, 10_000).length),
    'creators.people': (input) => s.insights.people(input.search, input.limit),
    'creators.person': (input) => s.insights.personDetail(input.personKey),
    'campaigns.summary': () => s.insights.campaigns(),
    'audit.forSubject': (input) => s.audit.list({ exactSubject: input.subject, limit: input.limit }),

    'audit.list': (input) => s.audit.list(input),
    'audit.verify': () => s.audit.verify(),
    'audit.export': (input) => {
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      return input.format === 'csv'
        ? { fileName: `paydesk-audit-${stamp}.csv`, mimeType: 'text/csv', content: s.audit.exportCsv() }
        : { fileName: `paydesk-audit-${stamp}.jsonl`, mimeType: 'application/x-ndjson', content: s.audit.exportJsonLines() };
    },
  };
}
