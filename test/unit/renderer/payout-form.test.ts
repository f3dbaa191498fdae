/**
 * The draft form is built only from the draft rules each provider module declares: these checks run over every
 * provider and every recipient mode in the registry, so a new provider is covered without naming it here.
 */
import { describe, expect, it } from 'vitest';
import type { CreatorRow, ProviderDraftRules, RecipientFieldKey, RecipientModeRule } from '../../../src-shared/contract';
import { providerModules } from '../../../src-main/providers/registry';
import {
  applyRules,
  clientErrors,
  emptyValues,
  fieldForPath,
  pickCreator,
  recipientFields,
  toDraftInput,
  visibleFields,
  type PayoutFormValues,
} from '../../../src-renderer/src/screens/payouts/form/payoutForm';

const bankKeys = new Set<RecipientFieldKey>(['accountHolderName', 'iban', 'bic', 'sortCode', 'accountNumber']);

interface Case {
  provider: string;
  rules: ProviderDraftRules;
  mode: RecipientModeRule;
  currency: string;
}

const cases: Case[] = providerModules.flatMap((m) =>
  m.info.draftRules.recipientModes.flatMap((mode) =>
    m.info.draftRules.currencies.map((currency) => ({ provider: m.info.id, rules: m.info.draftRules, mode, currency })),
  ),
);

/** A form with this mode and currency chosen and every recipient field typed in. */
function typedEverywhere(c: Case): PayoutFormValues {
  const values = applyRules({ ...emptyValues('conn-1'), mode: c.mode.mode, currency: c.currency }, c.rules);
  const recipient = Object.fromEntries(Object.keys(values.recipient).map((k) => [k, `typed ${k}`])) as PayoutFormValues['recipient'];
  return { ...values, recipient, amount: '12.50', description: 'Fee', creatorId: 7 };
}

const creator = (over: Partial<CreatorRow> = {}): CreatorRow => ({
  id: 7,
  connectionId: 'conn-1',
  provider: 'any',
  remoteId: 'remote-7',
  name: 'Jane Creator',
  email: 'jane@example.com',
  handle: 'jane.creates',
  platform: 'tiktok',
  payoutCount: 0,
  ...over,
});

const label = (c: Case) => `${c.provider}/${c.mode.mode}/${c.currency}`;

describe('the draft form follows the provider draft rules', () => {
  it('has cases for every provider in the registry', () => {
    expect(new Set(cases.map((c) => c.provider)).size).toBe(providerModules.length);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s: shows exactly the fields of the mode for the currency', (_, c) => {
    const values = typedEverywhere(c);
    const shown = recipientFields(c.mode, c.currency).map((f) => f.key);
    const expected = c.mode.fields
      .filter((f) => (!f.currencies || f.currencies.includes(c.currency)) && !(f.excludeCurrencies ?? []).includes(c.currency))
      .map((f) => f.key);
    expect(shown).toEqual(expected);
    const visible = visibleFields(c.rules, values, false);
    for (const key of Object.keys(values.recipient) as RecipientFieldKey[]) expect(visible.has(key)).toBe(shown.includes(key));
    // The creator picker: always when required, only with cached creators when optional, never when hidden.
    expect(visible.has('creator')).toBe(c.mode.creator === 'required');
    expect(visibleFields(c.rules, values, true).has('creator')).toBe(c.mode.creator !== 'hidden');
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s: sends only the visible fields, bank details in recipient.bank', (_, c) => {
    const input = toDraftInput(typedEverywhere(c), c.rules);
    const shown = recipientFields(c.mode, c.currency).map((f) => f.key);
    const sent = { ...input.recipient };
    const bank = sent.bank ?? {};
    delete sent.bank;
    const expectedTop = shown.filter((k) => !bankKeys.has(k)).map((k) => (k === 'phone' ? 'phoneNumber' : k));
    expect(Object.keys(sent).sort()).toEqual(expectedTop.sort());
    expect(Object.keys(bank).sort()).toEqual(shown.filter((k) => bankKeys.has(k)).sort());
    if (shown.some((k) => bankKeys.has(k))) expect(input.recipient?.bank).toBeDefined();
    expect(input.creatorId).toBe(c.mode.creator === 'hidden' ? null : 7);
    expect(input.currency).toBe(c.currency);
    // A provider without campaigns gets a local label; one with campaigns gets the campaign id.
    if (c.rules.campaign === 'local') expect(input.campaignId).toBeNull();
    else expect(input.localCampaign).toBeNull();
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s: checks the required fields it shows, and no others', (_, c) => {
    const values = { ...applyRules({ ...emptyValues('conn-1'), mode: c.mode.mode, currency: c.currency }, c.rules), amount: '1.00' };
    const errors = clientErrors(values, c.rules);
    for (const f of c.mode.fields) {
      const shown = recipientFields(c.mode, c.currency).includes(f);
      expect(Boolean(errors[f.key]), `${f.key}`).toBe(shown && f.required);
    }
    expect(Boolean(errors.creator)).toBe(c.mode.creator === 'required');
    expect(Boolean(errors.description)).toBe(c.rules.descriptionRequired);
    expect(Boolean(errors.campaign)).toBe(c.rules.campaign === 'required');
    expect(clientErrors({ ...values, creatorId: 7 }, c.rules).creator).toBeUndefined();
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s: shows each of main’s error paths where the form can', (_, c) => {
    const values = typedEverywhere(c);
    const visible = visibleFields(c.rules, values, true);
    const shown = new Set(recipientFields(c.mode, c.currency).map((f) => f.key));
    const path = (key: RecipientFieldKey) =>
      bankKeys.has(key) ? `recipient.bank.${key}` : key === 'phone' ? 'recipient.phoneNumber' : `recipient.${key}`;
    for (const key of [
      'name',
      'email',
      'handle',
      'platform',
      'phone',
      'accountHolderName',
      'iban',
      'bic',
      'sortCode',
      'accountNumber',
    ] as const)
      expect(fieldForPath(path(key), visible)).toBe(shown.has(key) ? key : 'recipient');
    expect(fieldForPath('recipient.userId', visible)).toBe(
      shown.has('userId') ? 'userId' : visible.has('creator') ? 'creator' : 'recipient',
    );
    expect(fieldForPath('amount', visible)).toBe('amount');
    expect(fieldForPath('localCampaign', visible)).toBe('campaign');
    expect(fieldForPath('tags.3', visible)).toBe('tags');
    expect(fieldForPath('somethingElse', visible)).toBeNull();
  });

  it.each(cases.filter((c) => c.mode.creator !== 'hidden').map((c) => [label(c), c] as const))(
    '%s: a picked creator fills what the mode takes from it, never what was typed',
    (_, c) => {
      const shown = new Set(recipientFields(c.mode, c.currency).map((f) => f.key));
      const start = applyRules({ ...emptyValues('conn-1'), mode: c.mode.mode, currency: c.currency }, c.rules);
      const picked = pickCreator(start, c.rules, creator());
      expect(picked.creatorId).toBe(7);
      const mode = c.rules.recipientModes.find((m) => m.mode === picked.mode)!;
      for (const key of mode.fillFromCreator) {
        if (!recipientFields(mode, c.currency).some((f) => f.key === key)) continue;
        expect(picked.recipient[key]).toBe(key === 'handle' ? '@jane.creates' : key === 'userId' ? 'remote-7' : creator()[key]);
      }
      // Typed text stays; what the last pick filled is replaced by the next pick.
      const typedName = shown.has('name')
        ? { ...picked, recipient: { ...picked.recipient, name: 'Typed Name' }, filled: picked.filled.filter((k) => k !== 'name') }
        : picked;
      const again = pickCreator(typedName, c.rules, creator({ id: 8, name: 'Other', email: 'other@example.com' }));
      if (shown.has('name')) expect(again.recipient.name).toBe('Typed Name');
      if (again.filled.includes('email')) expect(again.recipient.email).toBe('other@example.com');
      // Clearing the pick empties what it filled.
      const cleared = pickCreator(again, c.rules, null);
      expect(cleared.creatorId).toBeNull();
      for (const key of again.filled) expect(cleared.recipient[key]).toBe('');
    },
  );

  it('switches to a mode the creator can fill when the current one needs what the creator lacks', () => {
    // Any provider with two modes the picker serves, filled from different identities.
    const found = providerModules
      .map((m) => m.info.draftRules)
      .flatMap((rules) =>
        rules.recipientModes.flatMap((a) =>
          rules.recipientModes
            .filter((b) => b !== a && a.creator !== 'hidden' && b.creator !== 'hidden')
            .map((b) => ({ rules, a, b, lacks: a.fillFromCreator.find((k) => k !== 'name' && !b.fillFromCreator.includes(k)) }))
            .filter((x) => x.lacks && (x.lacks === 'email' || x.lacks === 'handle')),
        ),
      )[0];
    expect(found, 'a provider with two creator-filled modes').toBeDefined();
    const { rules, a, b, lacks } = found!;
    const start = applyRules({ ...emptyValues('conn-1'), mode: a.mode }, rules);
    const picked = pickCreator(start, rules, creator({ [lacks!]: null }));
    expect(picked.mode).toBe(b.mode);
  });
});
