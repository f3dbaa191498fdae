import { useEffect, useMemo, useState, type FormEvent } from 'react';
import {
  Alert,
  Button,
  Center,
  Group,
  Input,
  List,
  Loader,
  Modal,
  NativeSelect,
  SegmentedControl,
  Select,
  Skeleton,
  Stack,
  TagsInput,
  Text,
  TextInput,
  Textarea,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconInfoCircle } from '@tabler/icons-react';
import { type CampaignRow, type CreatorRow, type PayoutDetail, type ProviderId } from '@shared/contract';
import { providerName } from '../../stores/appStore';
import { api, ApiError } from '../../api/client';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../lib/errors';
import { formatAmount, minorToDecimalString } from '../../lib/formatAmount';
import { useInertBackground } from '../../lib/useInertBackground';
import { useQuery } from '../../lib/useQuery';
import { useAppStore } from '../../stores/appStore';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutUi } from '../../stores/payoutUiStore';
import { useWorkflowStore } from '../../stores/workflowStore';
import {
  applyRules,
  clientErrors,
  emptyValues,
  fieldForPath,
  platformOptions,
  toDraftInput,
  tokenioUsesScan,
  valuesFromDetail,
  visibleFields,
  type FieldKey,
  type PayoutFormValues,
  type RecipientMode,
} from './payoutForm';

/** New payout / edit draft, rendered once by the app shell and opened through usePayoutUi. */
export function PayoutFormModal() {
  const form = usePayoutUi((s) => s.form);
  const closeForm = usePayoutUi((s) => s.closeForm);
  useInertBackground(form.opened);
  // Typing in the form should not be lost to a stray click; Escape and the buttons still close it.
  return (
    <Modal
      opened={form.opened}
      onClose={closeForm}
      title={form.editId === null ? 'New payout' : 'Edit draft'}
      size="lg"
      closeOnClickOutside={false}
    >
      {form.opened && <PayoutForm key={form.editId ?? 'new'} editId={form.editId} onClose={closeForm} />}
    </Modal>
  );
}

function PayoutForm({ editId, onClose }: { editId: number | null; onClose: () => void }) {
  const connections = useAppStore((s) => s.connections);
  const connectionsLoaded = useAppStore((s) => s.connectionsLoaded);
  const formRules = useWorkflowStore((s) => s.formRules);
  const formRulesError = useWorkflowStore((s) => s.formRulesError);
  const loadFormRules = useWorkflowStore((s) => s.loadFormRules);
  const navigate = useNavigation((s) => s.navigate);
  const [editing, setEditing] = useState<PayoutDetail | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    void loadFormRules();
  }, [loadFormRules]);

  useEffect(() => {
    if (editId === null) return;
    let cancelled = false;
    api.call('payouts.get', { id: editId }).then(
      (detail) => !cancelled && setEditing(detail),
      (e: unknown) => !cancelled && setLoadError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [editId]);

  if (formRulesError)
    return <ErrorAlert title="Could not load the payout rules" message={formRulesError} onRetry={() => void loadFormRules()} />;
  if (loadError) return <ErrorAlert title="Could not load the draft" message={loadError} />;
  if (!formRules || !connectionsLoaded || (editId !== null && !editing)) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading">
        <Skeleton height={36} />
        <Skeleton height={36} />
        <Skeleton height={36} />
      </Stack>
    );
  }
  if (connections.length === 0) {
    return (
      <Stack>
        <Text>Payouts are drafted for a connection. Add one first, or create the demo workspace.</Text>
        <Group justify="flex-end">
          <Button
            onClick={() => {
              onClose();
              navigate('connections', { kind: 'addConnection' });
            }}
          >
            Add a connection
          </Button>
        </Group>
      </Stack>
    );
  }
  return <DraftForm editing={editing} onClose={onClose} />;
}

const creatorLabel = (c: CreatorRow) => {
  const main = c.name ?? c.email ?? c.handle ?? c.remoteId;
  const extra = [c.email, c.handle].filter((v) => v && v !== main).join(' · ');
  return extra ? `${main} · ${extra}` : main;
};

function DraftForm({ editing, onClose }: { editing: PayoutDetail | null; onClose: () => void }) {
  const connections = useAppStore((s) => s.connections);
  const formRules = useWorkflowStore((s) => s.formRules)!;
  const setLastSaved = usePayoutUi((s) => s.setLastSaved);
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  const [values, setValues] = useState<PayoutFormValues>(() => {
    if (editing) return valuesFromDetail(editing);
    const only = connections.length === 1 ? connections[0]! : null;
    return applyRules(emptyValues(only?.id ?? ''), only ? formRules[only.provider] : undefined);
  });
  const [errors, setErrors] = useState<Partial<Record<FieldKey, string>>>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [otherErrors, setOtherErrors] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteError, setDeleteError] = useState<string | null>(null);

  const connection = connections.find((c) => c.id === values.connectionId) ?? null;
  const provider: ProviderId | undefined = connection?.provider;
  const rules = provider ? formRules[provider] : undefined;

  // main filters by connection; the check below only drops answers that arrive for a connection no longer chosen.
  const creatorsQuery = useQuery(
    `form-creators:${values.connectionId}`,
    () => (values.connectionId ? api.call('creators.list', { connectionId: values.connectionId, limit: 500 }) : Promise.resolve([])),
    ['creators'],
  );
  const campaignsQuery = useQuery(
    `form-campaigns:${values.connectionId}`,
    () => (values.connectionId ? api.call('campaigns.list', { connectionId: values.connectionId, limit: 500 }) : Promise.resolve([])),
    ['campaigns'],
  );
  const creators = useMemo(
    () => (creatorsQuery.data ?? []).filter((c) => c.connectionId === values.connectionId),
    [creatorsQuery.data, values.connectionId],
  );
  const campaigns = useMemo(
    () => (campaignsQuery.data ?? []).filter((c) => c.connectionId === values.connectionId),
    [campaignsQuery.data, values.connectionId],
  );
  // Until the chosen connection's answer arrives, the previous connection's rows are still in the query.
  const stale = (rows: Array<{ connectionId: string }> | undefined) =>
    rows === undefined || rows.some((r) => r.connectionId !== values.connectionId);
  const creatorsLoading = creatorsQuery.loading && stale(creatorsQuery.data);
  const campaignsLoading = campaignsQuery.loading && stale(campaignsQuery.data);
  const visible = provider ? visibleFields(provider, values.mode, creators.length > 0) : new Set<FieldKey>(['connection']);

  const clear = (...keys: FieldKey[]) =>
    setErrors((current) => {
      if (!keys.some((k) => k in current)) return current;
      const next = { ...current };
      for (const k of keys) delete next[k];
      return next;
    });

  const set = <K extends keyof PayoutFormValues>(key: K, value: PayoutFormValues[K], ...fields: FieldKey[]) => {
    setValues((v) => ({ ...v, [key]: value }));
    clear(...fields);
  };

  const changeConnection = (connectionId: string) => {
    const next = connections.find((c) => c.id === connectionId);
    setValues((v) => applyRules({ ...v, connectionId, creatorId: null, campaignId: '' }, next ? formRules[next.provider] : undefined));
    setErrors({});
    setGeneralError(null);
    setOtherErrors([]);
  };

  const pickCreator = (creator: CreatorRow | null) => {
    clear('creator', 'recipient', 'email', 'handle', 'userId', 'name');
    if (!creator) {
      setValues((v) => ({ ...v, creatorId: null }));
      return;
    }
    setValues((v) => {
      const next = { ...v, creatorId: creator.id };
      if (creator.name) next.name = creator.name;
      if (provider === 'talentir') {
        if (creator.email) {
          next.email = creator.email;
          next.mode = 'email';
        } else if (creator.handle) {
          next.handle = creator.handle.startsWith('@') ? creator.handle : `@${creator.handle}`;
          next.platform = creator.platform ?? '';
          next.mode = 'handle';
        }
      }
      if (provider === 'talli' && creator.email) next.email = creator.email;
      if (provider === 'dots') next.userId = creator.remoteId;
      return next;
    });
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setGeneralError(null);
    setOtherErrors([]);
    const local = clientErrors(values, rules, provider);
    setErrors(local);
    if (!provider) return;
    // Required fields are checked here at once; main is still asked, so every other problem shows in the same round
    // (main checks everything checked here too, so nothing is saved while these are missing).
    setSaving(true);
    try {
      const input = toDraftInput(values, provider, rules);
      const saved = editing
        ? await api.call('payouts.updateDraft', { id: editing.id, ...input })
        : await api.call('payouts.createDraft', input);
      setSaving(false);
      onClose();
      if (editing) openDrawer(saved.id);
      else
        setLastSaved({
          id: saved.id,
          text: `Draft saved: ${formatAmount(saved.amount.minor, saved.amount.currency)} to ${saved.creatorName ?? saved.creatorEmail ?? saved.creatorHandle ?? 'the recipient'} (${saved.connectionLabel}). It waits for approval.`,
        });
    } catch (error) {
      setSaving(false);
      useAppStore.getState().noteError(error);
      const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};
      const inline: Partial<Record<FieldKey, string>> = {};
      const elsewhere: string[] = [];
      for (const [path, message] of Object.entries(fieldErrors)) {
        const field = fieldForPath(path, provider, values.mode, visible);
        if (field && !inline[field]) inline[field] = message;
        else if (!field) elsewhere.push(message);
      }
      // main's message is the more precise one; the local check fills in only where main said nothing.
      for (const [field, message] of Object.entries(local) as Array<[FieldKey, string]>) inline[field] ??= message;
      setErrors(inline);
      setOtherErrors(elsewhere);
      if (Object.keys(inline).length === 0 || elsewhere.length > 0) setGeneralError(errorMessage(error));
    }
  };

  const remove = async () => {
    if (!editing) return;
    setDeleting(true);
    setDeleteError(null);
    try {
      await api.call('payouts.deleteDraft', { id: editing.id });
      setDeleting(false);
      setConfirmDelete(false);
      onClose();
    } catch (e) {
      setDeleting(false);
      setDeleteError(errorMessage(e));
    }
  };

  const minimum =
    rules?.minimumMinor && values.currency
      ? `${provider ? providerName(provider) : ''} minimum: ${minorToDecimalString(rules.minimumMinor, values.currency)} ${values.currency}.`
      : undefined;
  const scan = tokenioUsesScan(values.currency);

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label={editing ? 'Edit draft' : 'New payout'}>
      <Stack gap="sm">
        {generalError && (
          <Alert color="red" variant="light" title="Could not save the draft" role="alert" data-testid="payout-form-error">
            {generalError}
            {otherErrors.length > 0 && (
              <List size="sm" mt={4}>
                {otherErrors.map((m) => (
                  <List.Item key={m}>{m}</List.Item>
                ))}
              </List>
            )}
          </Alert>
        )}

        <NativeSelect
          label="Connection"
          data={[
            ...(values.connectionId ? [] : [{ value: '', label: 'Choose a connection' }]),
            ...connections.map((c) => ({ value: c.id, label: `${c.label} (${providerName(c.provider)})` })),
          ]}
          value={values.connectionId}
          onChange={(e) => changeConnection(e.currentTarget.value)}
          disabled={editing !== null}
          description={editing ? 'A draft stays with its connection.' : undefined}
          error={errors.connection}
          required
          data-autofocus={editing ? undefined : true}
        />

        {provider && rules && (
          <>
            {rules.recipientModes.length > 1 && (
              <Input.Wrapper
                label="Pay to"
                error={visible.has('recipient') && !hasRecipientFieldError(errors) ? errors.recipient : undefined}
              >
                <SegmentedControl
                  fullWidth
                  data={rules.recipientModes.map((m) => ({ value: m.mode, label: m.label }))}
                  value={values.mode}
                  onChange={(mode) => set('mode', mode as RecipientMode, 'recipient')}
                  aria-label="Pay to"
                />
              </Input.Wrapper>
            )}
            {rules.recipientModes.length <= 1 && errors.recipient && (
              <Text size="sm" c="red" role="alert">
                {errors.recipient}
              </Text>
            )}

            {visible.has('creator') && (
              <CreatorPicker
                connectionId={values.connectionId}
                base={creators}
                loading={creatorsLoading}
                value={values.creatorId}
                onPick={pickCreator}
                error={errors.creator}
                required={provider === 'creatorpay'}
                description={
                  provider === 'creatorpay'
                    ? 'Creator Pay pays only creators that exist in Creator Pay.'
                    : provider === 'dots'
                      ? 'A Dots user synced from this connection.'
                      : 'Optional: fills in the recipient from a synced creator.'
                }
              />
            )}
            {visible.has('userId') && (
              <TextInput
                label="Dots user id"
                description="Or paste the user's id (a UUID) from Dots."
                value={values.userId}
                onChange={(e) => set('userId', e.currentTarget.value, 'userId', 'creator')}
                error={errors.userId}
                spellCheck={false}
              />
            )}
            {visible.has('name') && (
              <TextInput
                label="Recipient name"
                description="Optional."
                value={values.name}
                onChange={(e) => set('name', e.currentTarget.value, 'name')}
                error={errors.name}
                maxLength={200}
              />
            )}
            {visible.has('email') && (
              <TextInput
                label="E-mail"
                type="email"
                value={values.email}
                onChange={(e) => set('email', e.currentTarget.value, 'email', 'recipient')}
                error={errors.email}
                required
                maxLength={320}
                spellCheck={false}
              />
            )}
            {visible.has('handle') && (
              <Group grow align="flex-start">
                <TextInput
                  label="Handle"
                  placeholder="@jane.creates"
                  value={values.handle}
                  onChange={(e) => set('handle', e.currentTarget.value, 'handle', 'recipient')}
                  error={errors.handle}
                  required
                  spellCheck={false}
                />
                <NativeSelect
                  label="Platform"
                  data={[{ value: '', label: 'Choose a platform' }, ...platformOptions]}
                  value={values.platform}
                  onChange={(e) => set('platform', e.currentTarget.value, 'platform')}
                  error={errors.platform}
                  required
                />
              </Group>
            )}
            {visible.has('phone') && (
              <TextInput
                label="Phone"
                placeholder="+1 202 555 0139"
                description={provider === 'talli' ? 'Optional. With the country code.' : 'With the country code.'}
                value={values.phone}
                onChange={(e) => set('phone', e.currentTarget.value, 'phone', 'recipient')}
                error={errors.phone}
                required={provider === 'dots'}
                type="tel"
              />
            )}
            {visible.has('accountHolderName') && (
              <TextInput
                label="Account holder"
                value={values.accountHolderName}
                onChange={(e) => set('accountHolderName', e.currentTarget.value, 'accountHolderName')}
                error={errors.accountHolderName}
                required
                maxLength={140}
              />
            )}
          </>
        )}

        {provider && rules && (
          <>
            <Group grow align="flex-start">
              <TextInput
                label="Amount"
                placeholder="125.50"
                inputMode="decimal"
                autoComplete="off"
                value={values.amount}
                onChange={(e) => set('amount', e.currentTarget.value, 'amount')}
                error={errors.amount}
                description={errors.amount ? undefined : (minimum ?? 'Digits with a dot, e.g. 125.50.')}
                required
                maxLength={40}
              />
              <NativeSelect
                label="Currency"
                data={rules.currencies}
                value={values.currency}
                onChange={(e) => set('currency', e.currentTarget.value, 'currency', 'amount')}
                error={errors.currency}
                description={rules.currencies.length === 1 ? `${providerName(provider)} pays in ${rules.currencies[0]} only.` : undefined}
                required
              />
            </Group>

            {provider === 'tokenio' &&
              (scan ? (
                <Group grow align="flex-start">
                  <TextInput
                    label="Sort code"
                    placeholder="20-00-00"
                    value={values.sortCode}
                    onChange={(e) => set('sortCode', e.currentTarget.value, 'sortCode')}
                    error={errors.sortCode}
                    required
                  />
                  <TextInput
                    label="Account number"
                    placeholder="55779911"
                    value={values.accountNumber}
                    onChange={(e) => set('accountNumber', e.currentTarget.value, 'accountNumber')}
                    error={errors.accountNumber}
                    required
                  />
                </Group>
              ) : (
                <Group grow align="flex-start">
                  <TextInput
                    label="IBAN"
                    value={values.iban}
                    onChange={(e) => set('iban', e.currentTarget.value, 'iban')}
                    error={errors.iban}
                    required
                    spellCheck={false}
                  />
                  <TextInput
                    label="BIC"
                    description="Optional."
                    value={values.bic}
                    onChange={(e) => set('bic', e.currentTarget.value, 'bic')}
                    error={errors.bic}
                    spellCheck={false}
                  />
                </Group>
              ))}

            <Textarea
              label="Description"
              description={rules.descriptionRequired ? 'Shown to the recipient.' : 'Optional.'}
              value={values.description}
              onChange={(e) => set('description', e.currentTarget.value, 'description')}
              error={errors.description}
              required={rules.descriptionRequired}
              autosize
              minRows={1}
              maxRows={4}
              maxLength={1000}
            />

            {rules.campaign === 'local' ? (
              <TextInput
                label="Campaign"
                description={`Optional. A local label to group payouts; ${providerName(provider)} has no campaigns.`}
                value={values.localCampaign}
                onChange={(e) => set('localCampaign', e.currentTarget.value, 'campaign')}
                error={errors.campaign}
                maxLength={80}
              />
            ) : (
              <NativeSelect
                label="Campaign"
                description={
                  campaignsLoading
                    ? 'Loading campaigns…'
                    : campaigns.length === 0
                      ? 'No campaigns of this connection are synced yet; sync it on the Connections screen.'
                      : rules.campaign === 'required'
                        ? `${providerName(provider)} pays through campaigns.`
                        : 'Optional.'
                }
                data={[
                  { value: '', label: rules.campaign === 'required' ? 'Choose a campaign' : 'No campaign' },
                  ...campaigns.map((c: CampaignRow) => ({ value: String(c.id), label: c.status ? `${c.name} (${c.status})` : c.name })),
                ]}
                value={values.campaignId}
                onChange={(e) => set('campaignId', e.currentTarget.value, 'campaign')}
                error={errors.campaign}
                required={rules.campaign === 'required'}
              />
            )}

            <TagsInput
              label="Tags"
              description="Optional. Press Enter or comma after each tag."
              value={values.tags}
              onChange={(tags) => set('tags', splitTags(tags), 'tags')}
              error={errors.tags}
              maxTags={20}
              splitChars={[',', ';']}
              clearable
            />

            {rules.manualStep && (
              <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} />} title="After sending, a step remains at the provider">
                <Text size="sm">{rules.manualStep}</Text>
              </Alert>
            )}
          </>
        )}

        <Group justify="space-between" mt="sm">
          {editing ? (
            <Button variant="subtle" color="red" onClick={() => setConfirmDelete(true)} disabled={saving}>
              Delete draft
            </Button>
          ) : (
            <span />
          )}
          <Group gap="xs">
            <Button variant="default" onClick={onClose} disabled={saving}>
              Cancel
            </Button>
            <Button type="submit" loading={saving} disabled={!provider}>
              Save draft
            </Button>
          </Group>
        </Group>
      </Stack>

      <ConfirmModal
        opened={confirmDelete}
        title="Delete draft"
        confirmLabel="Delete draft"
        confirmColor="red"
        cancelLabel="Keep draft"
        busy={deleting}
        error={deleteError}
        onConfirm={() => void remove()}
        onClose={() => setConfirmDelete(false)}
      >
        <Text size="sm">
          The draft{editing ? ` of ${formatAmount(editing.amount.minor, editing.amount.currency)}` : ''} is removed. It was never sent; the
          audit log keeps a record of it.
        </Text>
      </ConfirmModal>
    </form>
  );
}

/** Pasted or autofilled text can hold several tags in one entry; keep one tag per entry, no duplicates. */
function splitTags(tags: string[]): string[] {
  return [
    ...new Set(
      tags
        .flatMap((t) => t.split(/[,;]/))
        .map((t) => t.trim())
        .filter(Boolean),
    ),
  ];
}

function hasRecipientFieldError(errors: Partial<Record<FieldKey, string>>): boolean {
  return Boolean(errors.email || errors.handle || errors.phone || errors.userId || errors.creator);
}

/** A cached creator of this connection: the synced list, plus a server search for anything typed. */
function CreatorPicker({
  connectionId,
  base,
  loading,
  value,
  onPick,
  error,
  required,
  description,
}: {
  connectionId: string;
  base: CreatorRow[];
  loading: boolean;
  value: number | null;
  onPick: (creator: CreatorRow | null) => void;
  error: string | undefined;
  required: boolean;
  description: string;
}) {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const [found, setFound] = useState<CreatorRow[]>([]);
  const [searching, setSearching] = useState(false);
  const [picked, setPicked] = useState<CreatorRow | null>(null);

  const pickedLabel = picked ? creatorLabel(picked) : null;
  const query = debounced && debounced !== pickedLabel ? debounced : '';
  useEffect(() => {
    if (!query) {
      setFound([]);
      return;
    }
    let cancelled = false;
    setSearching(true);
    api.call('creators.list', { search: query, connectionId, limit: 200 }).then(
      (rows) => {
        if (cancelled) return;
        setFound(rows);
        setSearching(false);
      },
      () => !cancelled && setSearching(false),
    );
    return () => {
      cancelled = true;
    };
  }, [query, connectionId]);

  const all = useMemo(() => {
    const map = new Map<number, CreatorRow>();
    for (const c of [...(picked ? [picked] : []), ...base, ...found]) map.set(c.id, c);
    return [...map.values()];
  }, [base, found, picked]);

  useEffect(() => {
    if (value === null) setPicked(null);
    else if (!picked || picked.id !== value) {
      const match = all.find((c) => c.id === value);
      if (match) setPicked(match);
    }
  }, [value, all, picked]);

  if (loading) {
    return (
      <Input.Wrapper label="Creator" description={description}>
        <Center h={36}>
          <Loader size="xs" />
        </Center>
      </Input.Wrapper>
    );
  }

  return (
    <Select
      label="Creator"
      description={description}
      placeholder={all.length ? 'Search by name, e-mail or handle' : 'No creators synced for this connection'}
      data={all.map((c) => ({ value: String(c.id), label: creatorLabel(c) }))}
      value={value === null ? null : String(value)}
      onChange={(v) => {
        const creator = v ? (all.find((c) => String(c.id) === v) ?? null) : null;
        setPicked(creator);
        onPick(creator);
      }}
      onSearchChange={setSearch}
      searchable
      clearable
      required={required}
      error={error}
      nothingFoundMessage={searching ? 'Searching…' : 'No creator of this connection matches'}
      maxDropdownHeight={260}
      comboboxProps={{ zIndex: 500 }}
    />
  );
}
