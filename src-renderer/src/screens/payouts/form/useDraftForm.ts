import { useState, type FormEvent } from 'react';
import type { CreatorRow, PayoutDetail, RecipientFieldKey } from '@shared/contract';
import { ApiError } from '../../../api/client';
import { useConnections } from '../../../api/appData';
import { useProviders } from '../../../api/providers';
import { useApiMutation, useApiQuery } from '../../../api/queries';
import { errorMessage } from '../../../lib/errors';
import { formatAmount } from '../../../lib/formatAmount';
import { withoutKeys } from '../../../lib/withoutKeys';
import { payeeOf } from '../../../components/payee';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import {
  applyRules,
  clientErrors,
  emptyValues,
  fieldForPath,
  pickCreator,
  toDraftInput,
  valuesFromDetail,
  visibleFields,
  type FieldKey,
  type FormErrors,
  type PayoutFormValues,
} from './payoutForm';

/** The draft form's state: values, errors shown at their fields, the connection's creators and campaigns, save and delete. */
export function useDraftForm(editing: PayoutDetail | null, onClose: () => void) {
  const { connections } = useConnections();
  const providers = useProviders();
  const setLastSaved = usePayoutUi((s) => s.setLastSaved);
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const rulesOf = (connectionId: string) => {
    const connection = connections.find((c) => c.id === connectionId);
    return connection ? providers.draftRules(connection.provider) : undefined;
  };
  const [values, setValues] = useState<PayoutFormValues>(() => {
    if (editing) return valuesFromDetail(editing, rulesOf(editing.connectionId));
    const open = connections.filter((c) => !c.archivedAt);
    const only = open.length === 1 ? open[0]! : null;
    return applyRules(emptyValues(only?.id ?? ''), only ? rulesOf(only.id) : undefined);
  });
  const [errors, setErrors] = useState<FormErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const changes = { invalidates: ['payouts' as const, 'campaigns' as const] };
  const create = useApiMutation('payouts.createDraft', changes);
  const update = useApiMutation('payouts.updateDraft', changes);
  const remove = useApiMutation('payouts.deleteDraft', changes);

  const connection = connections.find((c) => c.id === values.connectionId) ?? null;
  const rules = connection ? providers.draftRules(connection.provider) : undefined;
  const byConnection = { connectionId: values.connectionId, limit: 500 };
  const creators = useApiQuery('creators.list', byConnection, { enabled: values.connectionId !== '' });
  const campaigns = useApiQuery('campaigns.list', byConnection, { enabled: values.connectionId !== '' && rules?.campaign !== 'local' });
  const visible = visibleFields(rules, values, (creators.data?.length ?? 0) > 0);

  const clear = (...keys: FieldKey[]) => setErrors((current) => withoutKeys(current, keys));

  const set = <K extends keyof PayoutFormValues>(key: K, value: PayoutFormValues[K], ...fields: FieldKey[]) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(key as FieldKey, ...fields);
  };

  /** Typed text is the operator's: a later creator pick no longer replaces it. */
  const setRecipient = (key: RecipientFieldKey, value: string) => {
    setValues((v) => ({ ...v, recipient: { ...v.recipient, [key]: value }, filled: v.filled.filter((k) => k !== key) }));
    clear(key, 'recipient');
  };

  const changeConnection = (connectionId: string) => {
    setValues((v) => applyRules({ ...v, connectionId, creatorId: null, campaignId: '', filled: [] }, rulesOf(connectionId)));
    setErrors({});
    setGeneralError(null);
    setOtherErrors([]);
  };

  const chooseCreator = (creator: CreatorRow | null) => {
    clear('creator', 'recipient', 'name', 'email', 'handle', 'userId');
    setValues((v) => pickCreator(v, rules, creator));
  };

  const showSaveErrors = (error: unknown, local: FormErrors) => {
    const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
    const inline: FormErrors = {};
    const elsewhere: string[] = [];
    for (const [path, message] of Object.entries(fieldErrors)) {
      const field = fieldForPath(path, visible);
      if (field && !inline[field]) inline[field] = message;
      else if (!field) elsewhere.push(message);
    }
    // main's message is the more precise one; the local check fills in only where main said nothing.
    for (const [field, message] of Object.entries(local) as Array<[FieldKey, string]>) inline[field] ??= message;
    setErrors(inline);
    setOtherErrors(elsewhere);
    if (Object.keys(inline).length === 0 || elsewhere.length > 0) setGeneralError(errorMessage(error));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneralError(null);
    setOtherErrors([]);
    const local = clientErrors(values, rules);
    setErrors(local);
    if (!rules) return;
    // Required fields are checked here at once; main is still asked, so every other problem shows in the same round
    // (main checks everything checked here too, so nothing is saved while these are missing).
    try {
      const input = toDraftInput(values, rules);
      const saved = editing ? await update.mutateAsync({ id: editing.id, ...input }) : await create.mutateAsync(input);
      onClose();
      if (editing) openDrawer(saved.id);
      else
        setLastSaved({
          id: saved.id,
          text: `Draft saved: ${formatAmount(saved.amount.minor, saved.amount.currency)} to ${payeeOf(saved) ?? 'the recipient'} (${saved.connectionLabel}). It waits for approval.`,
          duplicateOf: saved.possibleDuplicateOf,
        });
    } catch (error) {
      showSaveErrors(error, local);
    }
  };

  const deleteDraft = async () => {
    if (!editing) return;
    await remove.mutateAsync({ id: editing.id });
    onClose();
  };

  return {
    connections,
    connection,
    rules,
    values,
    errors,
    generalError,
    otherErrors,
    visible,
    creators,
    campaigns,
    saving: create.isPending || update.isPending,
    deletion: remove,
    set,
    setRecipient,
    changeConnection,
    chooseCreator,
    submit,
    deleteDraft,
  };
}

export type DraftFormState = ReturnType<typeof useDraftForm>;
