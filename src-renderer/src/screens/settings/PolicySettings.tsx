import { useMemo, useState, type FormEvent } from 'react';
import { Card, Group, Skeleton, Stack, Text, TextInput, Title } from '@mantine/core';
import type { PayoutPolicy } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useConnections } from '../../api/appData';
import { useProviders } from '../../api/providers';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { QueryState } from '../../components/QueryState';
import { SaveRow } from '../../components/SaveRow';
import { errorMessage } from '../../lib/errors';
import { CapRows, ThresholdRows } from './PolicyRows';
import { dayFields, toValues, validate, type Errors, type PolicyValues } from './policyForm';

/** Approval policy: second approval above a threshold, daily send caps, and the day counts of checks. */
export function PolicySettings() {
  const query = useApiQuery('policy.get');
  return (
    <Card withBorder padding="lg" data-testid="policy-settings">
      <Stack gap="sm">
        <Title order={4}>Approval policy</Title>
        <Text size="sm" c="dimmed">
          Applies to every operator of this workspace. Changes are recorded in the audit log.
        </Text>
        <QueryState query={query} what="the policy" loading={<Skeleton height={160} />}>
          {/* The form starts from the policy as loaded; a refresh while editing does not overwrite what is typed. */}
          {(policy) => <PolicyForm policy={policy} />}
        </QueryState>
      </Stack>
    </Card>
  );
}

function PolicyForm({ policy }: { policy: PayoutPolicy }) {
  const { connections } = useConnections();
  const providers = useProviders();
  const [values, setValues] = useState<PolicyValues>(() => toValues(policy));
  const [errors, setErrors] = useState<Errors>({});
  const [generalErrors, setGeneralErrors] = useState<string[]>([]);
  const [saveError, setSaveError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const save = useApiMutation('policy.update', { invalidates: ['settings'] });

  const allCurrencies = useMemo(() => {
    const set = new Set<string>();
    for (const p of providers.list) for (const c of p.draftRules.currencies) set.add(c);
    for (const t of values.thresholds) if (t.currency) set.add(t.currency);
    return [...set].sort();
  }, [providers, values.thresholds]);

  const currenciesFor = (connectionId: string) => {
    const c = connections.find((x) => x.id === connectionId);
    return c ? (providers.draftRules(c.provider)?.currencies ?? providers.info(c.provider)?.currencies ?? []) : [];
  };

  const change = (patch: (v: PolicyValues) => PolicyValues, ...clear: string[]) => {
    setValues(patch);
    setSaved(false);
    if (clear.length) setErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !clear.includes(k))));
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    setSaveError(null);
    setGeneralErrors([]);
    const checked = validate(values, currenciesFor);
    setErrors(checked.errors);
    if (!checked.input) return;
    try {
      setValues(toValues(await save.mutateAsync(checked.input)));
      setSaved(true);
    } catch (e) {
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
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Approval policy">
      <Stack gap="sm">
        <ThresholdRows rows={values.thresholds} currencies={allCurrencies} errors={errors} change={change} />
        <CapRows
          rows={values.caps}
          connections={connections}
          allCurrencies={allCurrencies}
          currenciesFor={currenciesFor}
          errors={errors}
          change={change}
        />
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
        <FormErrorAlert title="Could not save the policy" message={saveError} details={generalErrors} />
        <SaveRow label="Save policy" saving={save.isPending} saved={saved} savedText="Policy saved." testId="policy-saved" />
      </Stack>
    </form>
  );
}
