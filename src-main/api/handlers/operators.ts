import type { operatorOperations } from '@shared/contract/operators';
import type { Services } from '../../services';
import type { ApiHandlers } from '../dispatcher';

type OperatorHandlers = Pick<ApiHandlers, keyof typeof operatorOperations & keyof ApiHandlers>;

/** Sessions and operators: each handler calls one service method and returns. */
export function createOperatorHandlers(s: Services): OperatorHandlers {
  const changed = () => s.events.emit('dataChanged', { scopes: ['settings', 'audit'] });
  return {
    'session.status': () => s.session.status(),
    'session.signIn': async (input) => {
      const status = await s.session.signIn(input.name, input.passphrase);
      changed();
      return status;
    },
    'session.signOut': () => s.session.signOut(),
    'session.unlock': (input) => s.session.unlock(input.passphrase),
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
    'operators.changePassphrase': (input) => s.operators.changePassphrase(input.current, input.next),
    'operators.resetPassphrase': (input) => s.operators.resetPassphrase(input.id, input.passphrase),
  };
}
