/**
 * Contract operations of the payout workflow (drafts, CSV import, approvals, sending, tracking).
 * Spread into the one contract in api/contract.ts; implemented by payouts/handlers.ts.
 */
export const payoutOperations = {} as const;
