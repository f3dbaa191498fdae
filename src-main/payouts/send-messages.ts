/**
 * Every message the sender writes on a payout (its status line, the refusals before sending). In one place so that
 * the wording stays consistent and says what happened, what was (not) paid, and what Paydesk or the operator does next.
 */
import { formatAmount } from './policy';

export const sendMessages = {
  // --- before anything leaves -----------------------------------------------------------------------------------
  busy: 'This payout is being sent right now.',
  gone: 'The payout no longer exists.',
  notApproved: 'Approve the payout before sending it.',
  sentOnce: (status: string) => `The payout is ${status}; a payout is sent only once.`,
  alreadySending: 'This payout is already being sent.',
  secondApprovalMissing: (minor: number, currency: string) =>
    `${formatAmount(minor, currency)} is above the approval threshold: a second operator must approve it before it is sent.`,
  archivedConnection: (connection: string) => `"${connection}" was removed (it is archived): nothing is sent through it any more.`,
  sending: (provider: string, reference: string) => `Sending to ${provider} with reference ${reference}.`,

  // --- no client --------------------------------------------------------------------------------------------------
  noClientNothingSent: (why: string) => `Not sent: ${why} Nothing left Paydesk.`,
  noClientMaySend: (provider: string, why: string) =>
    `Paydesk cannot reach ${provider} to confirm this payout: ${why} It will check again by its reference and will not send it again blindly.`,

  // --- create -----------------------------------------------------------------------------------------------------
  createLookupFailed: (provider: string, lastError: string, why: string) =>
    `Paydesk could not confirm whether ${provider} received this payout (${lastError || 'the answer was lost'}); the look-up by reference failed too: ${why} It will check again and will not send it again until ${provider} confirms it has no such payout.`,
  createGaveUp: (provider: string, reference: string, attempts: number, lastError: string) =>
    `Not sent: ${provider} confirmed it has no payout with reference ${reference} after ${attempts} attempts (last: ${lastError}). Send it again when ${provider} works normally.`,
  createRefused: (provider: string, why: string) => `${provider} refused the payout: ${why}`,
  createNeverLeft: (provider: string, why: string) =>
    `Not sent: ${why} Nothing reached ${provider}; send it again when the connection works.`,
  createSlowDown: (provider: string, waitMs: number) =>
    `Not sent: ${provider} asked Paydesk to slow down for ${Math.ceil(waitMs / 1000)} s. Send it again later.`,
  idNotKnownYet: (provider: string, why: string, reference: string) =>
    `${provider} accepted the payout but Paydesk does not know its ${provider} id yet (${why}). It will look it up again by reference ${reference}.`,
  notListedYet: (provider: string) => `${provider} does not list it yet`,
  remoteIdClash: (remoteId: string, reference: string, otherPayout: number) =>
    `The provider returned payout ${remoteId} for reference ${reference}, but Paydesk already linked ${remoteId} to payout #${otherPayout}. Check both at the provider.`,
  createdInitiatingNext: (provider: string, remoteId: string | null) =>
    `Created at ${provider} (id ${remoteId ?? 'pending'}); initiating it next.`,

  // --- initiate ---------------------------------------------------------------------------------------------------
  initiateCheckFailed: (provider: string, remoteId: string, lastError: string, why: string) =>
    `Created at ${provider} (id ${remoteId}) but Paydesk could not confirm whether it was initiated (${lastError || 'no answer'}; check failed: ${why}). It will check again before initiating; nothing is initiated twice.`,
  initiateGaveUp: (provider: string, remoteId: string, attempts: number, lastError: string) =>
    `Created at ${provider} (id ${remoteId}) but not initiated after ${attempts} attempts (last: ${lastError}). Nothing was paid yet; Paydesk will try again later, or initiate or cancel it in the ${provider} console.`,
  initiateNeverLeft: (provider: string, remoteId: string, why: string) =>
    `Created at ${provider} (id ${remoteId}) but not initiated yet: ${why} Nothing was paid; Paydesk initiates it once ${provider} answers.`,
  initiateRefused: (provider: string, remoteId: string, why: string) =>
    `${provider} refused to initiate the payout: ${why} It exists at ${provider} as a draft (id ${remoteId}); nothing was paid. Fix or cancel it in the ${provider} console.`,

  // --- done -------------------------------------------------------------------------------------------------------
  sent: (provider: string, remoteId: string | null, reference: string) =>
    `Sent to ${provider}${remoteId ? ` (id ${remoteId})` : ''} with reference ${reference}.`,
} as const;
