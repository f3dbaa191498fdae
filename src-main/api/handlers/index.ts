import type { EventPayloads } from '@shared/contract';
import { registerHandlerLog, type ApiHandlers } from '../dispatcher';
import { providerCatalog } from '../../providers/registry';
import { createOperatorHandlers } from './operators';
import { createPayoutHandlers } from './payouts';
import { createTeamHandlers } from './team';
import type { Services } from '../../services';

/** Implements every operation of the contract on top of the services. Inputs arrive already validated. */
export function createHandlers(s: Services): ApiHandlers {
  const changed = (...scopes: EventPayloads['dataChanged']['scopes']) => s.events.emit('dataChanged', { scopes });
  // Both operations are signed-in only (src-shared/contract/access.ts), so an operator is there.
  const operatorId = () => s.actor().id ?? '';

  const handlers: ApiHandlers = {
    ...createPayoutHandlers(s),
    ...createOperatorHandlers(s),
    ...createTeamHandlers(s),
    'app.info': async () => {
      const connections = s.connectionRepo.list();
      return {
        version: s.options.version,
        host: s.options.host,
        dataDir: s.options.dataDir,
        osUser: s.osUser,
        operatorName: s.session.signedIn()?.name ?? '',
        keychain: await s.credentials.status(),
        workspaceEmpty: connections.length === 0 && s.payouts.count() === 0,
        demoWorkspace: connections.some((c) => c.isDemo),
      };
    },
    'settings.get': () => s.settings.get(),
    'settings.update': (input) => {
      const settings = s.settings.update(
        {
          ...(input.idleLockMinutes !== undefined ? { idleLockMinutes: input.idleLockMinutes } : {}),
          ...(input.backupRetentionDays !== undefined ? { backupRetentionDays: input.backupRetentionDays } : {}),
        },
        s.actor(),
      );
      if (input.backupRetentionDays !== undefined) s.backups.prune();
      changed('settings', 'audit');
      return settings;
    },
    'app.logFolder': () => ({ path: s.log.folder }),

    'backups.list': () => s.backups.list(),
    'backups.create': async () => {
      const backup = await s.backups.create('manual');
      changed('audit');
      return backup;
    },
    'backups.restore': (input) => s.backups.restore(input.name),

    'connections.list': () => s.connections.list(),
    'connections.add': async (input) => {
      const result = await s.connections.add(input);
      await s.teamService.shareIfInTeam(result.id);
      changed('connections', 'audit');
      return result;
    },
    'connections.update': async (input) => {
      const result = await s.connections.update(input);
      await s.teamService.shareIfInTeam(result.id);
      changed('connections', 'audit');
      return result;
    },
    'connections.remove': async (input) => {
      const result = await s.connections.remove(input.id);
      changed('connections', 'payouts', 'creators', 'campaigns', 'audit');
      return result;
    },
    'connections.purgePreview': (input) => s.connections.purgePreview(input.id),
    'connections.purge': (input) => {
      const result = s.connections.purge(input.id);
      changed('connections', 'payouts', 'creators', 'campaigns', 'audit');
      return result;
    },
    'connections.test': (input) => s.connections.test(input.id),

    'workspace.createDemo': async () => {
      // Public: only a new, empty workspace can become the demo (src-main/workspace/demo-workspace.ts).
      const result = await s.demo.create();
      changed('connections', 'payouts', 'creators', 'campaigns', 'audit');
      return result;
    },

    'workspace.leaveDemo': () => {
      const result = s.demo.leave();
      s.session.signOut();
      changed('connections', 'payouts', 'creators', 'campaigns', 'audit', 'operators', 'session');
      return result;
    },

    'providers.catalog': () => [...providerCatalog],
    'sync.start': (input) => s.sync.startInBackground(input.connectionId),
    'sync.cancel': (input) => ({ cancelled: s.sync.cancel(input.connectionId) }),
    'sync.setAside': (input) => s.cache.setAsideItems(input.connectionId, input.limit),

    'payouts.list': (input) => s.payouts.list(input),
    'creators.list': (input) => s.cache.listCreators(input.search, input.limit, input.connectionId),
    'campaigns.list': (input) => s.cache.listCampaigns(input.limit, input.connectionId),

    // Exports are fetched part by part (src-main/insights/prepared-files.ts), by the operator who made them.
    'payouts.exportCsv': async (input) => s.preparedFiles.offer(await s.insights.exportPayoutsFile(input), operatorId()),
    'files.part': (input) => s.preparedFiles.part(input.downloadId, input.part, operatorId()),
    'overview.get': () => s.insights.overview(),
    'creators.people': (input) => s.insights.people(input.search, input.limit),
    'creators.person': (input) => s.insights.personDetail(input.personKey),
    'campaigns.summary': () => s.insights.campaigns(),
    'audit.forSubject': (input) => s.auditTrail(input.trail).list({ exactSubject: input.subject, limit: input.limit }),

    'audit.list': ({ trail, ...filter }) => s.auditTrail(trail).list(filter),
    'audit.verify': (input) => s.auditTrail(input?.trail).verifyCommitted(),
    'audit.export': (input) => s.preparedFiles.offer(s.auditTrail(input.trail).exportFile(input.format), operatorId()),
  };
  // The dispatcher made for these handlers logs to the services' application log.
  registerHandlerLog(handlers, { error: (message) => s.log.error(message) });
  return handlers;
}
