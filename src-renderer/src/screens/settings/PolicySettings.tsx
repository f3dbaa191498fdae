import { useEffect, useMemo, useState, type FormEvent } from 'react';
import { ActionIcon, Alert, Button, Card, Group, List, NativeSelect, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { type OperationInput, type PayoutPolicy } from '@shared/contract';
import { providerInfo } from '../../stores/appStore';
import { api, ApiError } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { errorMessage } from '../../lib/errors';
import { minorToDecimalString, parseDecimalToMinor } from '../../lib/formatAmount';
import { useAppStore } from '../../stores/appStore';
import { useWorkflowStore } from '../../stores/workflowStore';

interface ThresholdRow {
  currency: string;
  amount: string;
}
interface CapRow {
  connectionId: string;
  currency: string;
  amount: string;
}
interface PolicyValues {
  thresholds: ThresholdRow[];
  caps: CapRow[];
  duplicateWindowDays: string;
  stuckAfterDays: string;
  expiringWithinDays: string;
}

type Errors = Record<string, string>;

const dayFields = [
  {
    key: 'duplicateWindowDays',
    label: 'Duplicate window (days)',
    min: 0,
    help: 'A payout to the same recipient with the same amount, currency and campaign within this many days is flagged as a possible duplicate.',
  },
  {
    key: 'stuckAfterDays',
    label: 'Stuck after (days)',
    min: 1,
    help: 'A sent payout still not finished after this many days is listed under Attention.',
  },
  {
    key: 'expiringWithinDays',
    label: 'Expiring soon (days)',
    min: 0,
    help: 'A payout that expires within this many days is listed under Attention.',
  },
] as const;

function toValues(policy: PayoutPolicy): PolicyValues {
  return {
    thresholds: policy.approvalThresholds.map((t) => ({ currency: t.currency, amount: minorToDecimalString(t.minor, t.currency) })),
    caps: policy.dailyCaps.map((c) => ({
      connectionId: c.connectionId,
      currency: c.cap.currency,
      amount: minorToDecimalString(c.cap.minor, c.cap.currency),
    })),
    duplicateWindowDays: String(policy.duplicateWindowDays),
    stuckAfterDays: String(policy.stuckAfterDays),
    expiringWithinDays: String(policy.expiringWithinDays),
  };
}

function validate(
  values: PolicyValues,
  currenciesFor: (connectionId: string) => string[],
): { errors: Errors; input: OperationInput<'policy.update'> | null } {
  const errors: Errors = {};
  const thresholds: Array<{ minor: number; currency: string }> = [];
  const seen = new Set<string>();
  values.thresholds.forEach((t, i) => {
    if (!/^[A-Z]{3}$/.test(t.currency)) errors[`approvalThresholds.${i}.currency`] = 'Choose a currency.';
    else if (seen.has(t.currency)) errors[`approvalThresholds.${i}.currency`] = `${t.currency} already has a threshold.`;
    seen.add(t.currency);
    const parsed = parseDecimalToMinor(t.amount, /^[A-Z]{3}$/.test(t.currency) ? t.currency : 'USD');
    if ('error' in parsed) errors[`approvalThresholds.${i}.minor`] = parsed.error;
    else thresholds.push({ minor: parsed.minor, currency: t.currency });
  });
  const caps: Array<{ connectionId: string; cap: { minor: number; currency: string } }> = [];
  const seenCaps = new Set<string>();
  values.caps.forEach((c, i) => {
    if (!c.connectionId) errors[`dailyCaps.${i}.connectionId`] = 'Choose a connection.';
    const allowed = c.connectionId ? currenciesFor(c.connectionId) : [];
    if (!/^[A-Z]{3}$/.test(c.currency)) errors[`dailyCaps.${i}.cap.currency`] = 'Choose a currency.';
    else if (c.connectionId && allowed.length && !allowed.includes(c.currency))
      errors[`dailyCaps.${i}.cap.currency`] = `This connection pays only in ${allowed.join(', ')}.`;
    const key = `${c.connectionId}/${c.currency}`;
    if (c.connectionId && seenCaps.has(key)) errors[`dailyCaps.${i}.cap.currency`] = 'This connection already has a cap in this currency.';
    seenCaps.add(key);
    const parsed = parseDecimalToMinor(c.amount, /^[A-Z]{3}$/.test(c.currency) ? c.currency : 'USD');
    if ('error' in parsed) errors[`dailyCaps.${i}.cap.minor`] = parsed.error;
    else caps.push({ connectionId: c.connectionId, cap: { minor: parsed.minor, currency: c.currency } });
  });
  const days: Record<string, number> = {};
  for (const f of dayFields) {
    const text = values[f.key].trim();
    if (!/^\d+$/.test(text)) errors[f.key] = 'Enter a whole number of days.';
    else if (Number(text) < f.min) errors[f.key] = `Use at least ${f.min} day${f.min === 1 ? '' : 's'}.`;
    else if (Number(text) > 3650) errors[f.key] = 'Use at most 3650 days.';
    else days[f.key] = Number(text);
  }
  if (Object.keys(errors).length) return { errors, input: null };
  return {
    errors,
    input: {
      approvalThresholds: thresholds,
      dailyCaps: caps,
      duplicateWindowDays: days.duplicateWindowDays!,
      stuckAfterDays: days.stuckAfterDays!,
      expiringWithinDays: days.expiringWithinDays!,
    },
  };
}

/** Approval policy: second approval above a threshold, daily send caps, and the day counts of checks. */
export function PolicySettings() {
  const connections = useAppStore((s) => s.connections);
  const formRules = useWorkflowStore((s) => s.formRules);
  const loadFormRules = useWorkflowStore((s) => s.loadFormRules);
  const [values, setValues] = useState<PolicyValues | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [errors, setErrors] = useState<Errors>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [saved, setSaved] = useState(false);

  const load = async () => {
    setLoadError(null);
    try {
      setValues(toValues(await api.call('policy.get')));
    } catch (e) {
      setLoadError(errorMessage(e));
    }
  };
  useEffect(() => {
    void load();
    void loadFormRules();
  }, [loadFormRules]);

  const allCurrencies = useMemo(() => {
    const set = new Set<string>();
    for (const r of Object.values(formRules ?? {})) for (const c of r.currencies) set.add(c);
    for (const t of values?.thresholds ?? []) if (t.currency) set.add(t.currency);
    return [...set].sort();
  }, [formRules, values?.thresholds]);

  const currenciesFor = (connectionId: string) => {
    const c = connections.find((x) => x.id === connectionId);
    return c ? (formRules?.[c.provider]?.currencies ?? providerInfo(c.provider)?.currencies ?? []) : [];
  };

  const change = (patch: (v: PolicyValues) => PolicyValues, ...clear: string[]) => {
    setValues((v) => (v ? patch(v) : v));
    setSaved(false);
    if (clear.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clear.includes(k))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!values) return;
    setSaved(false);
    setSaveError(null);
    setGeneralErrors([]);
    const checked = validate(values, currenciesFor);
    setErrors(checked.errors);
    if (!checked.input) return;
    setSaving(true);
    try {
      setValues(toValues(await api.call('policy.update', checked.input)));
      setSaved(true);
    } catch (e) {
      useAppStore.getState().noteError(e);
      const fields = e instanceof ApiError ? e.fieldErrors : {};
      const known: Errors = {};
      const other: string[] = [];
      for (const [path, message] of Object.entries(fields)) {
        if (/^(approvalThresholds|dailyCaps)\.\d+\./.test(path) || dayFields.some((f) => f.key === path)) known[path] = message;
        else other.push(message);
      }
      setErrors(known);
      setGeneralErrors(other);
      if (other.length || !Object.keys(known).length) setSaveError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card withBorder padding="lg" data-testid="policy-settings">
      <form onSubmit={(e) => void submit(e)} noValidate aria-label="Approval policy">
        <Stack gap="sm">
          <Title order={4}>Approval policy</Title>
          <Text size="sm" c="dimmed">
            Applies to every operator of this workspace. Changes are recorded in the audit log.
          </Text>
          {loadError ? (
            <ErrorAlert title="Could not load the policy" message={loadError} onRetry={() => void load()} />
          ) : !values ? (
            <Skeleton height={160} />
          ) : (
            <>
              <Stack gap={6}>
                <Text fw={600} size="sm">
                  Second approval above
                </Text>
                <Text size="xs" c="dimmed">
                  A payout above this amount needs the approval of a second, different operator before it can be sent.
                </Text>
                {values.thresholds.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No thresholds: one approval is enough for any amount.
                  </Text>
                )}
                {values.thresholds.map((t, i) => (
                  <Group key={i} align="flex-start" gap="xs" data-testid="threshold-row">
                    <NativeSelect
                      label="Currency"
                      data={[{ value: '', label: 'Currency' }, ...allCurrencies]}
                      value={t.currency}
                      onChange={(e) => {
                        const currency = e.currentTarget.value;
                        change(
                          (v) => ({ ...v, thresholds: v.thresholds.map((x, j) => (j === i ? { ...x, currency } : x)) }),
                          `approvalThresholds.${i}.currency`,
                        );
                      }}
                      error={errors[`approvalThresholds.${i}.currency`]}
                      w={120}
                    />
                    <TextInput
                      label="Threshold"
                      placeholder="1000.00"
                      inputMode="decimal"
                      value={t.amount}
                      onChange={(e) => {
                        const amount = e.currentTarget.value;
                        change(
                          (v) => ({ ...v, thresholds: v.thresholds.map((x, j) => (j === i ? { ...x, amount } : x)) }),
                          `approvalThresholds.${i}.minor`,
                        );
                      }}
                      error={errors[`approvalThresholds.${i}.minor`]}
                      w={180}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={26}
                      aria-label={`Remove threshold ${i + 1}`}
                      onClick={() => change((v) => ({ ...v, thresholds: v.thresholds.filter((_, j) => j !== i) }))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button
                  variant="subtle"
                  size="compact-sm"
                  leftSection={<IconPlus size={14} />}
                  w="fit-content"
                  onClick={() =>
                    change((v) => ({
                      ...v,
                      thresholds: [
                        ...v.thresholds,
                        { currency: allCurrencies.find((c) => !v.thresholds.some((t) => t.currency === c)) ?? '', amount: '' },
                      ],
                    }))
                  }
                >
                  Add threshold
                </Button>
              </Stack>

              <Stack gap={6}>
                <Text fw={600} size="sm">
                  Daily send caps
                </Text>
                <Text size="xs" c="dimmed">
                  The most Paydesk sends per connection and currency in one calendar day; a payout that would go above it is not sent.
                </Text>
                {values.caps.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No caps.
                  </Text>
                )}
                {values.caps.map((c, i) => (
                  <Group key={i} align="flex-start" gap="xs" data-testid="cap-row">
                    <NativeSelect
                      label="Connection"
                      data={[{ value: '', label: 'Choose a connection' }, ...connections.map((x) => ({ value: x.id, label: x.label }))]}
                      value={c.connectionId}
                      onChange={(e) => {
                        const connectionId = e.currentTarget.value;
                        const allowed = currenciesFor(connectionId);
                        change(
                          (v) => ({
                            ...v,
                            caps: v.caps.map((x, j) =>
                              j === i
                                ? { ...x, connectionId, currency: allowed.includes(x.currency) ? x.currency : (allowed[0] ?? '') }
                                : x,
                            ),
                          }),
                          `dailyCaps.${i}.connectionId`,
                          `dailyCaps.${i}.cap.currency`,
                        );
                      }}
                      error={errors[`dailyCaps.${i}.connectionId`]}
                      w={220}
                    />
                    <NativeSelect
                      label="Currency"
                      data={[{ value: '', label: 'Currency' }, ...(c.connectionId ? currenciesFor(c.connectionId) : allCurrencies)]}
                      value={c.currency}
                      onChange={(e) => {
                        const currency = e.currentTarget.value;
                        change(
                          (v) => ({ ...v, caps: v.caps.map((x, j) => (j === i ? { ...x, currency } : x)) }),
                          `dailyCaps.${i}.cap.currency`,
                        );
                      }}
                      error={errors[`dailyCaps.${i}.cap.currency`]}
                      w={120}
                    />
                    <TextInput
                      label="Daily cap"
                      placeholder="10000.00"
                      inputMode="decimal"
                      value={c.amount}
                      onChange={(e) => {
                        const amount = e.currentTarget.value;
                        change((v) => ({ ...v, caps: v.caps.map((x, j) => (j === i ? { ...x, amount } : x)) }), `dailyCaps.${i}.cap.minor`);
                      }}
                      error={errors[`dailyCaps.${i}.cap.minor`]}
                      w={180}
                    />
                    <ActionIcon
                      variant="subtle"
                      color="red"
                      mt={26}
                      aria-label={`Remove cap ${i + 1}`}
                      onClick={() => change((v) => ({ ...v, caps: v.caps.filter((_, j) => j !== i) }))}
                    >
                      <IconTrash size={16} />
                    </ActionIcon>
                  </Group>
                ))}
                <Button
                  variant="subtle"
                  size="compact-sm"
                  leftSection={<IconPlus size={14} />}
                  w="fit-content"
                  disabled={connections.length === 0}
                  onClick={() => change((v) => ({ ...v, caps: [...v.caps, { connectionId: '', currency: '', amount: '' }] }))}
                >
                  Add daily cap
                </Button>
              </Stack>

              <Group align="flex-start" gap="sm" wrap="wrap">
                {dayFields.map((f) => (
                  <TextInput
                    key={f.key}
                    label={f.label}
                    description={f.help}
                    inputMode="numeric"
                    value={values[f.key]}
                    onChange={(e) => {
                      const text = e.currentTarget.value;
                      change((v) => ({ ...v, [f.key]: text }), f.key);
                    }}
                    error={errors[f.key]}
                    w={230}
                  />
                ))}
              </Group>

              {saveError && (
                <Alert color="red" variant="light" title="Could not save the policy" role="alert">
                  {saveError}
                  {generalErrors.length > 0 && (
                    <List size="sm" mt={4}>
                      {generalErrors.map((m) => (
                        <List.Item key={m}>{m}</List.Item>
                      ))}
                    </List>
                  )}
                </Alert>
              )}
              <Group>
                <Button type="submit" loading={saving}>
                  Save policy
                </Button>
                {saved && (
                  <Text size="sm" c="green" role="status" data-testid="policy-saved">
                    Policy saved.
                  </Text>
                )}
              </Group>
            </>
          )}
        </Stack>
      </form>
    </Card>
  );
}
