import type { ApiHandlers } from '../api/dispatcher';
import type { payoutOperations } from './operations';
import type { Services } from '../services';

type PayoutHandlers = Pick<ApiHandlers, keyof typeof payoutOperations & keyof ApiHandlers>;

/** Implements payoutOperations on top of the payout workflow services. */
export function createPayoutHandlers(_services: Services): PayoutHandlers {
  return {};
}
