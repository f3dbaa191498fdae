/**
 * Pure parts of the draft form: values, which fields a provider needs, the input main receives, and where main's
 * field errors are shown. Amounts stay text: main parses them and answers with precise messages.
 */
import type { OperationInput, PayoutDetail, ProviderDraftRules, ProviderId } from '@shared/contract';
import { socialPlatformLabels, socialPlatforms } from '@shared/contract/providers';
import { minorToDecimalString } from '../../lib/formatAmount';

export type RecipientMode = 'email' | 'handle' | 'phone' | 'user' | 'bank';

export interface PayoutFormValues {
  connectionId: string;
  mode: RecipientMode;
  creatorId: number | null;
  name: string;
  email: string;
  handle: string;
  platform: string;
  phone: string;
  userId: string;
  accountHolderName: string;
  iban: string;
  bic: string;
  sortCode: string;
  accountNumber: string;
  amount: string;
  currency: string;
  description: string;
  campaignId: string;
  localCampaign: string;
  tags: string[];
}

export type FieldKey =
  | 'connection'
  | 'recipient'
  | 'creator'
  | 'name'
  | 'email'
  | 'handle'
  | 'platform'
  | 'phone'
  | 'userId'
  | 'accountHolderName'
  | 'iban'
  | 'bic'
  | 'sortCode'
  | 'accountNumber'
  | 'amount'
  | 'currency'
  | 'description'
  | 'campaign'
  | 'tags';

export const platformOptions = socialPlatforms.map((p) => ({ value: p, label: socialPlatformLabels[p] }));

export function emptyValues(connectionId = ''): PayoutFormValues {
  return {
    connectionId,
    mode: 'email',
    creatorId: null,
    name: '',
    email: '',
    handle: '',
    platform: '',
    phone: '',
    userId: '',
    accountHolderName: '',
    iban: '',
    bic: '',
    sortCode: '',
    accountNumber: '',
    amount: '',
    currency: '',
    description: '',
    campaignId: '',
    localCampaign: '',
    tags: [],
  };
}

/** A connection was chosen (or changed): keep what still applies, default the rest to the provider's rules. */
export function applyRules(values: PayoutFormValues, rules: ProviderDraftRules | undefined): PayoutFormValues {
  if (!rules) return values;
  const modes = rules.recipientModes.map((m) => m.mode);
  const mode = modes.includes(values.mode) ? values.mode : (modes[0] ?? 'email');
  const currency = rules.currencies.includes(values.currency) ? values.currency : (rules.currencies[0] ?? '');
  return { ...values, mode, currency };
}

export function valuesFromDetail(detail: PayoutDetail): PayoutFormValues {
  const r = detail.recipient ?? {};
  const mode: RecipientMode = r.bank ? 'bank' : r.userId ? 'user' : r.phone ? 'phone' : r.handle ? 'handle' : 'email';
  return {
    connectionId: detail.connectionId,
    mode,
    creatorId: detail.creatorId,
    name: r.name ?? '',
    email: r.email ?? '',
    handle: r.handle ?? '',
    platform: r.platform ?? '',
    phone: r.phone ? `+${r.phone.countryCode} ${r.phone.number}` : '',
    userId: r.userId ?? '',
    accountHolderName: r.bank?.accountHolderName ?? '',
    iban: r.bank?.iban ?? '',
    bic: r.bank?.bic ?? '',
    sortCode: r.bank?.sortCode ?? '',
    accountNumber: r.bank?.accountNumber ?? '',
    amount: minorToDecimalString(detail.amount.minor, detail.amount.currency),
    currency: detail.amount.currency,
    description: detail.description ?? '',
    campaignId: detail.campaignId ? String(detail.campaignId) : '',
    localCampaign: detail.localCampaign ?? '',
    tags: detail.tags,
  };
}

/** The fields this provider and recipient mode need, in the order they appear. */
export function visibleFields(provider: ProviderId, mode: RecipientMode, hasCreators: boolean): Set<FieldKey> {
  const fields = new Set<FieldKey>(['connection', 'recipient', 'amount', 'currency', 'description', 'campaign', 'tags']);
  // A cached creator fills in the recipient; a Dots payout to a phone number has no user to pick.
  if ((hasCreators || provider === 'creatorpay') && !(provider === 'dots' && mode === 'phone')) fields.add('creator');
  switch (provider) {
    case 'talentir':
      fields.add('name');
      if (mode === 'handle') {
        fields.add('handle');
        fields.add('platform');
      } else fields.add('email');
      break;
    case 'talli':
      fields.add('name');
      fields.add('email');
      fields.add('phone');
      break;
    case 'dots':
      if (mode === 'user') {
        fields.add('creator');
        fields.add('userId');
      } else {
        fields.add('name');
        fields.add('phone');
      }
      break;
    case 'creatorpay':
      fields.add('creator');
      break;
    case 'tokenio':
      fields.add('accountHolderName');
      fields.add('sortCode');
      fields.add('accountNumber');
      fields.add('iban');
      fields.add('bic');
      break;
  }
  return fields;
}

/** Token.io: a GBP payout goes to a UK sort code + account number, other currencies to an IBAN. */
export function tokenioUsesScan(currency: string): boolean {
  return currency === 'GBP';
}

/** Where one of main's field-error paths is shown in the form; null when no field shows it. */
export function fieldForPath(path: string, provider: ProviderId, mode: RecipientMode, visible: Set<FieldKey>): FieldKey | null {
  const direct: Record<string, FieldKey> = {
    connectionId: 'connection',
    amount: 'amount',
    currency: 'currency',
    description: 'description',
    campaignId: 'campaign',
    localCampaign: 'campaign',
    creatorId: 'creator',
    'recipient.name': 'name',
    'recipient.email': 'email',
    'recipient.handle': 'handle',
    'recipient.platform': 'platform',
    'recipient.phoneNumber': 'phone',
    'recipient.phoneCountryCode': 'phone',
    'recipient.bank.accountHolderName': 'accountHolderName',
    'recipient.bank.iban': 'iban',
    'recipient.bank.bic': 'bic',
    'recipient.bank.sortCode': 'sortCode',
    'recipient.bank.accountNumber': 'accountNumber',
  };
  let field: FieldKey | null = path.startsWith('tags') ? 'tags' : (direct[path] ?? null);
  if (path === 'recipient.userId') field = provider === 'creatorpay' ? 'creator' : 'userId';
  // "Choose a Dots user or enter a phone number" arrives on the phone path while the user picker is shown.
  if (provider === 'dots' && mode === 'user' && field === 'phone') field = 'userId';
  if (field === 'userId' && !visible.has('userId') && visible.has('creator')) field = 'creator';
  if (field && visible.has(field)) return field;
  if (path.startsWith('recipient')) return 'recipient';
  return null;
}

/** Light checks before asking main: required fields only. Everything else is main's to judge. */
export function clientErrors(
  values: PayoutFormValues,
  rules: ProviderDraftRules | undefined,
  provider: ProviderId | undefined,
): Partial<Record<FieldKey, string>> {
  const errors: Partial<Record<FieldKey, string>> = {};
  if (!values.connectionId) errors.connection = 'Choose a connection.';
  if (!values.amount.trim()) errors.amount = 'Enter an amount.';
  if (!values.currency) errors.currency = 'Choose a currency.';
  if (!rules || !provider) return errors;
  if (rules.descriptionRequired && !values.description.trim()) errors.description = 'Enter a description.';
  if (rules.campaign === 'required' && !values.campaignId) errors.campaign = 'Choose a campaign.';
  if (provider === 'creatorpay' && values.creatorId === null) errors.creator = 'Choose a creator synced from this connection.';
  if (provider === 'tokenio' && !values.accountHolderName.trim()) errors.accountHolderName = "Enter the account holder's name.";
  return errors;
}

type DraftInput = OperationInput<'payouts.createDraft'>;

const keep = (text: string) => (text.trim() ? text.trim() : undefined);

/** The draft as main takes it: only the fields this provider and mode use, every value still text. */
export function toDraftInput(values: PayoutFormValues, provider: ProviderId, rules: ProviderDraftRules | undefined): DraftInput {
  const visible = visibleFields(provider, values.mode, true);
  const recipient: NonNullable<DraftInput['recipient']> = {};
  if (visible.has('name') && keep(values.name)) recipient.name = keep(values.name);
  if (visible.has('email') && keep(values.email)) recipient.email = keep(values.email);
  if (visible.has('handle') && keep(values.handle)) recipient.handle = keep(values.handle);
  if (visible.has('platform') && values.platform) recipient.platform = values.platform;
  if (visible.has('phone') && keep(values.phone)) recipient.phoneNumber = keep(values.phone);
  if (visible.has('userId') && keep(values.userId)) recipient.userId = keep(values.userId);
  if (provider === 'tokenio') {
    const scan = tokenioUsesScan(values.currency);
    recipient.bank = {
      accountHolderName: values.accountHolderName.trim(),
      ...(scan
        ? { sortCode: keep(values.sortCode), accountNumber: keep(values.accountNumber) }
        : { iban: keep(values.iban), bic: keep(values.bic) }),
    };
  }
  const campaignMode = rules?.campaign ?? 'local';
  return {
    connectionId: values.connectionId,
    creatorId: visible.has('creator') ? values.creatorId : null,
    recipient,
    amount: values.amount,
    currency: values.currency,
    description: values.description,
    campaignId: campaignMode === 'local' || !values.campaignId ? null : Number(values.campaignId),
    localCampaign: campaignMode === 'local' ? (keep(values.localCampaign) ?? null) : null,
    tags: values.tags,
  };
}
