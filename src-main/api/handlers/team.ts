import type { teamOperations } from '@shared/contract/team';
import type { Services } from '../../services';
import type { ApiHandlers } from '../dispatcher';

type TeamHandlers = Pick<ApiHandlers, keyof typeof teamOperations & keyof ApiHandlers>;

/** The team workspace: each handler calls one service method and returns. */
export function createTeamHandlers(s: Services): TeamHandlers {
  const changed = () => s.events.emit('dataChanged', { scopes: ['session', 'operators', 'settings', 'audit', 'payouts', 'connections'] });
  const after = <T>(value: T): T => {
    changed();
    return value;
  };
  return {
    'team.status': () => s.teamService.status(),
    'team.configure': (input) => after(s.teamService.configure(input)),
    'team.signIn': async (input) => after(await s.teamService.signIn(input.login, input.password)),
    'team.signOut': async () => after(await s.teamService.signOut()),
    'team.setUpSchema': (input) => s.teamService.setUpSchema(input.login, input.password),
    'team.moveSoloWorkspace': async (input) => after(await s.teamService.moveSoloWorkspace(input.login, input.password)),
    'team.shareConnection': async (input) => after(await s.teamService.shareConnection(input.connectionId)),
  };
}
