/**
 * The dispatcher of a running workspace: the contract's handlers over its services, with every call checked
 * against the access table (src-shared/contract/access.ts) (signed in, right role) before its handler runs. Used by the Electron shell, the browser
 * host and the tests alike.
 */
import type { OperationName } from '@shared/contract/names';
import type { Services } from '../services';
import { operationAccess } from '@shared/contract/access';
import { createDispatcher, type Dispatch, type DispatchLogger } from './dispatcher';
import { createHandlers } from './handlers/index';

export function authorize(s: Services, operation: OperationName): void {
  const access = operationAccess[operation];
  if (access === 'public') return;
  s.session.require(access === 'signed-in' ? [] : [access]);
}

export function createServiceDispatcher(s: Services, logger?: DispatchLogger): Dispatch {
  return createDispatcher(createHandlers(s), logger, (operation) => authorize(s, operation));
}
