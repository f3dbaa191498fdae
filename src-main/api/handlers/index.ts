import type { EventPayloads } from '@shared/contract';
import type { ApiHandlers } from '../dispatcher';
import { providerCatalog } from '../../providers/registry';
import { createPayoutHandlers } from './payouts';
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
      const settings = s.settings.update({ operatorName: input.operatorName }, s.actor);
      changed('settings', 'audit');
      return settings;
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
    'sync.start': (input) => s.sync.startInBackground(input.connectionId),
    'sync.cancel': (input) => ({ cancelled: s.sync.cancel(input.connectionId) }),
    'sync.setAside': (input) => s.cache.setAsideItems(input.connectionId, input.limit),

    'payouts.list': (input) => s.payouts.list(input),
    'creators.list': (input) => s.cache.listCreators(input.search, input.limit, input.connectionId),
    'campaigns.list': (input) => s.cache.listCampaigns(input.limit, input.connectionId),

    'payouts.exportCsv': (input) => s.insights.exportPayoutsFile(input),
    'overview.get': () => s.insights.overview(),
    'creators.people': (input) => s.insights.people(input.search, input.limit),
    'creators.person': (input) => s.insights.personDetail(input.personKey),
    'campaigns.summary': () => s.insights.campaigns(),
    'audit.forSubject': (input) => s.audit.list({ exactSubject: input.subject, limit: input.limit }),

    'audit.list': (input) => s.audit.list(input),
    'audit.verify': () => s.audit.verify(),
    'audit.export': (input) => s.audit.exportFile(input.format),
  };
}
