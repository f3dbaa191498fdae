/**
 * Pure parts of the draft form, built only from the provider's draft rules (ProviderDraftRules, served by main in
 * the catalog): which fields a recipient mode shows for a currency, what picking a creator fills in, the input main
 * receives, and where main's field errors are shown. Amounts stay text: main parses them and answers precisely.
 */
import type {
  CreatorRow,
  OperationInput,
  PayoutDetail,
  ProviderDraftRules,
  RecipientFieldKey,
  RecipientFieldRule,
  RecipientMode,
  RecipientModeRule,
} from '@shared/contract';
import { minorToDecimalString } from '../../../lib/formatAmount';

export type RecipientValues = Record<RecipientFieldKey, string>;

export interface PayoutFormValues {
  connectionId: string;
  mode: RecipientMode | '';
  creatorId: number | null;
  recipient: RecipientValues;
  /** Recipient fields the last picked creator filled in (the next pick may replace them; typed text it never does). */
  filled: RecipientFieldKey[];
  amount: string;
  currency: string;
  description: string;
  campaignId: string;
  localCampaign: string;
  tags: string[];
}

/** Where an error is shown: a recipient field, or one of the form's own controls. */
export type FieldKey =
  RecipientFieldKey | 'connection' | 'recipient' | 'creator' | 'amount' | 'currency' | 'description' | 'campaign' | 'tags';
export type FormErrors = Partial<Record<FieldKey, string>>;

const recipientKeys: RecipientFieldKey[] = [
  'name',
  'email',
  'handle',
  'platform',
  'phone',
  'userId',
  'accountHolderName',
  'iban',
  'bic',
  'sortCode',
  'accountNumber',
];
const bankKeys = ['accountHolderName', 'iban', 'bic', 'sortCode', 'accountNumber'] as const;
type BankKey = (typeof bankKeys)[number];
const isBankKey = (key: RecipientFieldKey): key is BankKey => (bankKeys as readonly string[]).includes(key);

const emptyRecipient = (): RecipientValues => Object.fromEntries(recipientKeys.map((k) => [k, ''])) as RecipientValues;

export function emptyValues(connectionId = ''): PayoutFormValues {
  return {
    connectionId,
    mode: '',
    creatorId: null,
    recipient: emptyRecipient(),
    filled: [],
    amount: '',
    currency: '',
    description: '',
    campaignId: '',
    localCampaign: '',
    tags: [],
  };
}

export function modeRule(rules: ProviderDraftRules | undefined, mode: PayoutFormValues['mode']): RecipientModeRule | undefined {
  return rules?.recipientModes.find((m) => m.mode === mode) ?? rules?.recipientModes[0];
}

/** The fields of a recipient mode for this currency, in the rules' order (e.g. a domestic account for one currency, an IBAN for the others). */
export function recipientFields(mode: RecipientModeRule | undefined, currency: string): RecipientFieldRule[] {
  return (mode?.fields ?? []).filter(
    (f) => (!f.currencies || f.currencies.includes(currency)) && !(f.excludeCurrencies ?? []).includes(currency),
  );
}

/** The creator picker: required, offered when the connection has cached creators, or not shown. */
export function showsCreatorPicker(mode: RecipientModeRule | undefined, hasCreators: boolean): boolean {
  return mode?.creator === 'required' || (mode?.creator === 'optional' && hasCreators);
}

/** Everything the form shows for these rules, mode and currency. */
export function visibleFields(rules: ProviderDraftRules | undefined, values: PayoutFormValues, hasCreators: boolean): Set<FieldKey> {
  const visible = new Set<FieldKey>(['connection']);
  if (!rules) return visible;
  for (const key of ['recipient', 'amount', 'currency', 'description', 'campaign', 'tags'] as const) visible.add(key);
  const mode = modeRule(rules, values.mode);
  if (showsCreatorPicker(mode, hasCreators)) visible.add('creator');
  for (const f of recipientFields(mode, values.currency)) visible.add(f.key);
  return visible;
}

/** A connection was chosen (or changed): keep what still applies, default the rest to the provider's rules. */
export function applyRules(values: PayoutFormValues, rules: ProviderDraftRules | undefined): PayoutFormValues {
  if (!rules) return values;
  const mode = rules.recipientModes.some((m) => m.mode === values.mode) ? values.mode : (rules.recipientModes[0]?.mode ?? '');
  const currency = rules.currencies.includes(values.currency) ? values.currency : (rules.currencies[0] ?? '');
  return { ...values, mode, currency };
}

function recipientFromDetail(detail: PayoutDetail): RecipientValues {
  const r = detail.recipient ?? {};
  return {
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
  };
}

/** The mode a saved draft was made in: the one whose required fields it has (a creator counts for the modes that pay one). */
function modeOfDraft(rules: ProviderDraftRules | undefined, recipient: RecipientValues, detail: PayoutDetail): RecipientMode | '' {
  const modes = rules?.recipientModes ?? [];
  const score = (m: RecipientModeRule) =>
    recipientFields(m, detail.amount.currency).filter((f) => f.required && f.key !== 'name' && recipient[f.key]).length * 2 +
    (m.creator === 'required' && detail.creatorId !== null ? 1 : 0) -
    (m.creator === 'required' && detail.creatorId === null ? 10 : 0);
  const best = [...modes].sort((a, b) => score(b) - score(a))[0];
  return best?.mode ?? '';
}

export function valuesFromDetail(detail: PayoutDetail, rules: ProviderDraftRules | undefined): PayoutFormValues {
  const recipient = recipientFromDetail(detail);
  return {
    connectionId: detail.connectionId,
    mode: modeOfDraft(rules, recipient, detail),
    creatorId: detail.creatorId,
    recipient,
    filled: [],
    amount: minorToDecimalString(detail.amount.minor, detail.amount.currency),
    currency: detail.amount.currency,
    description: detail.description ?? '',
    campaignId: detail.campaignId ? String(detail.campaignId) : '',
    localCampaign: detail.localCampaign ?? '',
    tags: detail.tags,
  };
}

/** What a cached creator offers for each field picking it may fill. */
function creatorValue(creator: CreatorRow, key: RecipientModeRule['fillFromCreator'][number]): string {
  if (key === 'handle') return creator.handle ? (creator.handle.startsWith('@') ? creator.handle : `@${creator.handle}`) : '';
  if (key === 'userId') return creator.remoteId;
  return creator[key] ?? '';
}

/**
 * A creator was picked: stay in the current mode if the creator has what it identifies the recipient by, else
 * switch to a mode the creator can fill (one with an e-mail address, another with a handle); then fill the mode's
 * fields that are empty or were filled by the previous pick.
 */
export function pickCreator(values: PayoutFormValues, rules: ProviderDraftRules | undefined, creator: CreatorRow | null): PayoutFormValues {
  const cleared: RecipientValues = { ...values.recipient };
  for (const key of values.filled) cleared[key] = '';
  if (!creator) return { ...values, creatorId: null, recipient: cleared, filled: [] };
  const canFill = (m: RecipientModeRule) =>
    m.creator !== 'hidden' && m.fillFromCreator.every((k) => k === 'name' || creatorValue(creator, k));
  const current = modeRule(rules, values.mode);
  const mode = current && canFill(current) ? current : (rules?.recipientModes.find(canFill) ?? current);
  const shown = new Set(recipientFields(mode, values.currency).map((f) => f.key));
  const recipient = { ...cleared };
  const filled: RecipientFieldKey[] = [];
  for (const key of mode?.fillFromCreator ?? []) {
    const value = creatorValue(creator, key);
    if (!shown.has(key) || !value || recipient[key]) continue;
    recipient[key] = value;
    filled.push(key);
  }
  if (shown.has('platform') && filled.includes('handle') && !recipient.platform && creator.platform) {
    recipient.platform = creator.platform;
    filled.push('platform');
  }
  return { ...values, mode: mode?.mode ?? values.mode, creatorId: creator.id, recipient, filled };
}

const recipientPaths: Record<string, RecipientFieldKey> = {
  'recipient.name': 'name',
  'recipient.email': 'email',
  'recipient.handle': 'handle',
  'recipient.platform': 'platform',
  'recipient.phoneNumber': 'phone',
  'recipient.phoneCountryCode': 'phone',
  'recipient.userId': 'userId',
  ...Object.fromEntries(bankKeys.map((k) => [`recipient.bank.${k}`, k])),
};

const formPaths: Record<string, FieldKey> = {
  connectionId: 'connection',
  amount: 'amount',
  currency: 'currency',
  description: 'description',
  campaignId: 'campaign',
  localCampaign: 'campaign',
  creatorId: 'creator',
};

/**
 * Where one of main's field-error paths is shown: at its field when the form shows it, a user id on the creator
 * picker, any other recipient problem as the recipient's general error; null when nothing in the form shows it.
 */
export function fieldForPath(path: string, visible: Set<FieldKey>): FieldKey | null {
  if (path.startsWith('tags')) return 'tags';
  const field = formPaths[path] ?? recipientPaths[path] ?? null;
  if (field && visible.has(field)) return field;
  if (field === 'userId' && visible.has('creator')) return 'creator';
  if (path.startsWith('recipient')) return 'recipient';
  return null;
}

/** Light checks before asking main: required fields only. Everything else is main's to judge. */
export function clientErrors(values: PayoutFormValues, rules: ProviderDraftRules | undefined): FormErrors {
  const errors: FormErrors = {};
  if (!values.connectionId) errors.connection = 'Choose a connection.';
  if (!values.amount.trim()) errors.amount = 'Enter an amount.';
  if (!values.currency) errors.currency = 'Choose a currency.';
  if (!rules) return errors;
  if (rules.descriptionRequired && !values.description.trim()) errors.description = 'Enter a description.';
  if (rules.campaign === 'required' && !values.campaignId) errors.campaign = 'Choose a campaign.';
  const mode = modeRule(rules, values.mode);
  if (mode?.creator === 'required' && values.creatorId === null) errors.creator = 'Choose a creator synced from this connection.';
  for (const f of recipientFields(mode, values.currency))
    if (f.required && !values.recipient[f.key].trim()) errors[f.key] = `Enter the ${f.label.toLowerCase()}.`;
  return errors;
}

type DraftInput = OperationInput<'payouts.createDraft'>;
type DraftRecipient = NonNullable<DraftInput['recipient']>;

const keep = (text: string) => (text.trim() ? text.trim() : undefined);

/** The draft as main takes it: only the visible fields of the chosen mode (bank fields in recipient.bank), every value still text. */
export function toDraftInput(values: PayoutFormValues, rules: ProviderDraftRules | undefined): DraftInput {
  const mode = modeRule(rules, values.mode);
  const recipient: DraftRecipient = {};
  const bank: NonNullable<DraftRecipient['bank']> = {};
  let hasBank = false;
  for (const { key } of recipientFields(mode, values.currency)) {
    const value = keep(values.recipient[key]);
    if (isBankKey(key)) {
      // Main reads the bank details as one object, so it is sent as soon as the mode has a bank field.
      hasBank = true;
      if (value) bank[key] = value;
    } else if (value) {
      if (key === 'phone') recipient.phoneNumber = value;
      else recipient[key] = value;
    }
  }
  if (hasBank) recipient.bank = bank;
  const campaignMode = rules?.campaign ?? 'local';
  return {
    connectionId: values.connectionId,
    creatorId: mode && mode.creator !== 'hidden' ? values.creatorId : null,
    recipient,
    amount: values.amount,
    currency: values.currency,
    description: values.description,
    campaignId: campaignMode === 'local' || !values.campaignId ? null : Number(values.campaignId),
    localCampaign: campaignMode === 'local' ? (keep(values.localCampaign) ?? null) : null,
    tags: values.tags,
  };
}

/** Pasted or autofilled text can hold several tags in one entry; keep one tag per entry, no duplicates. */
export function splitTags(tags: string[]): string[] {
  return [
    ...new Set(
      tags
        .flatMap((t) => t.split(/[,;]/))
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}
