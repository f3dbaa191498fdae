import type { operatorOperations } from '@shared/contract/operators';
import type { Services } from '../../services';
import type { ApiHandlers } from '../dispatcher';

type OperatorHandlers = Pick<ApiHandlers, keyof typeof operatorOperations & keyof ApiHandlers>;

/** Sessions and operators: each handler calls one service method and returns. */
export function createOperatorHandlers(s: Services): OperatorHandlers {
  const changed = () => s.events.emit('dataChanged', { scopes: ['session', 'operators', 'settings', 'audit'] });
  const after = <T>(value: T): T => {
    changed();
    return value;
  };
  return {
    'session.status': () => s.session.status(),
    'session.signIn': async (input) => {
      const status = await s.session.signIn(input.name, input.passphrase);
      changed();
      return status;
    },
    'session.signOut': () => after(s.session.signOut()),
    'session.unlock': async (input) => after(await s.session.unlock(input.passphrase)),
    'session.lock': () => after(s.session.lock()),
    'session.touch': () => {
      s.session.touch();
      return { ok: true };
    },
    'operators.list': () => s.operators.list(),
    'operators.createFirst': async (input) => {
      const status = await s.operators.createFirst(input.name, input.passphrase);
      changed();
      return status;
    },
    'operators.create': async (input) => {
      const operator = await s.operators.create(input.name, input.passphrase, input.roles);
      changed();
      return operator;
    },
    'operators.update': (input) => {
      const operator = s.operators.update(input.id, input);
      changed();
      return operator;
    },
    'operators.changePassphrase': async (input) => after(await s.operators.changePassphrase(input.current, input.next)),
    'operators.resetPassphrase': async (input) => after(await s.operators.resetPassphrase(input.id, input.passphrase)),
  };
}
