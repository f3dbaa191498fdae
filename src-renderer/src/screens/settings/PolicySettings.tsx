import { useMemo, useState, type FormEvent } from 'react';
import { Card, Group, Skeleton, Stack, Switch, Text, TextInput, Title, type SwitchProps, type TextInputProps } from '@mantine/core';
import type { PayoutPolicy } from '@shared/contract';
import { ApiError } from '../../api/client';
import { useConnections } from '../../api/appData';
import { useProviders } from '../../api/providers';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { usePermission } from '../../api/session';
import { FormErrorAlert } from '../../components/FormErrorAlert';
import { QueryState } from '../../components/QueryState';
import { SaveRow } from '../../components/SaveRow';
import { errorMessage } from '../../lib/errors';
import { CapRows, PerCurrencyRows } from './PolicyRows';
import { dayFields, toValues, validate, type Errors, type PolicyValues } from './policyForm';

/** Approval policy: four eyes, limits per payout, daily send caps, and the day counts of checks. */
export function PolicySettings() {
  const query = useApiQuery('policy.get');
  const mayChange = usePermission('policy.update');
  return (
    <Card withBorder padding="lg" data-testid="policy-settings">
      <Stack gap="sm">
        <Title order={4}>Approval policy</Title>
        <Text size="sm" c="dimmed">
          Applies to every operator of this workspace, to approvals and sends made after a change. Changes are recorded in the audit log
          with the policy before and after.
        </Text>
        {mayChange !== true && (
          <Text size="sm" c="orange" data-testid="policy-read-only">
            Read only: {mayChange}
          </Text>
        )}
        <QueryState query={query} what="the policy" loading={<Skeleton height={160} />}>
          {/* The form starts from the policy as loaded; a refresh while editing does not overwrite what is typed. */}
          {(policy) => <PolicyForm policy={policy} readOnly={mayChange !== true} />}
        </QueryState>
      </Stack>
    </Card>
  );
}

function PolicyForm({ policy, readOnly }: { policy: PayoutPolicy; readOnly: boolean }) {
  const { connections: all } = useConnections();
  // Archived connections send nothing any more; one that still has a cap stays listed so the cap can be removed.
  const connections = all.filter((c) => !c.archivedAt || policy.dailyCaps.some((cap) => cap.connectionId === c.id));
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
    for (const list of [values.thresholds, values.maxes, values.workspaceCaps]) for (const t of list) if (t.currency) set.add(t.currency);
    return [...set].sort();
  }, [providers, values.thresholds, values.maxes, values.workspaceCaps]);

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
        if (
          /^(approvalThresholds|maxPerPayout|dailyCaps|workspaceDailyCaps)\.\d+\./.test(path) ||
          dayFields.some((f) => f.key === path) ||
          path === 'payeeCheckMaxAgeHours'
        )
          known[path] = message;
        else other.push(message);
      }
      setErrors(known);
      setGeneralErrors(other);
      if (other.length || !Object.keys(known).length) setSaveError(errorMessage(e));
    }
  };

  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-label="Approval policy">
      {/* A native fieldset: disabled, it disables every control inside for operators who may only read the policy. */}
      <fieldset disabled={readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
        <Stack gap="sm">
          <PolicySwitch
            field="makerMayApproveOwn"
            label="The maker may approve their own payout below the threshold"
            description="Off (the default): whoever drafted or imported a payout never approves it; another operator must. Above the threshold two other operators must approve, whatever this says."
            values={values}
            change={change}
            data-testid="policy-maker-may-approve"
          />
          <PerCurrencyRows list="thresholds" rows={values.thresholds} currencies={allCurrencies} errors={errors} change={change} />
          <PerCurrencyRows list="maxes" rows={values.maxes} currencies={allCurrencies} errors={errors} change={change} />
          <PerCurrencyRows list="workspaceCaps" rows={values.workspaceCaps} currencies={allCurrencies} errors={errors} change={change} />
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
              <PolicyNumberField
                key={f.key}
                field={f.key}
                label={f.label}
                description={f.help}
                values={values}
                errors={errors}
                change={change}
              />
            ))}
          </Group>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <PolicyNumberField
              field="payeeCheckMaxAgeHours"
              label="Payee check good for (hours)"
              description="Where a provider checks that the account belongs to the payee's name (euro bank transfers), a check older than this runs again before sending; 0 checks at every send."
              values={values}
              errors={errors}
              change={change}
              data-testid="policy-payee-check-hours"
            />
            <PolicySwitch
              field="payeeNoMatchBlocks"
              label="A payee check with no match blocks the payout"
              description="On (the default): the bank says the account belongs to someone else, so the payout is neither approved nor sent until the details are fixed."
              values={values}
              change={change}
              data-testid="policy-payee-no-match-blocks"
              mt="lg"
              maw={420}
            />
          </Group>
          <FormErrorAlert title="Could not save the policy" message={saveError} details={generalErrors} />
          {!readOnly && (
            <SaveRow label="Save policy" saving={save.isPending} saved={saved} savedText="Policy saved." testId="policy-saved" />
          )}
        </Stack>
      </fieldset>
    </form>
  );
}

type PolicyChange = (patch: (v: PolicyValues) => PolicyValues, ...clear: string[]) => void;
type SwitchField = { [K in keyof PolicyValues]: PolicyValues[K] extends boolean ? K : never }[keyof PolicyValues];
type NumberField = 'duplicateWindowDays' | 'stuckAfterDays' | 'expiringWithinDays' | 'payeeCheckMaxAgeHours';

/** One on/off rule of the policy. */
function PolicySwitch({
  field,
  values,
  change,
  ...props
}: { field: SwitchField; values: PolicyValues; change: PolicyChange } & Omit<SwitchProps, 'checked' | 'onChange'>) {
  return (
    <Switch
      {...props}
      checked={values[field]}
      onChange={(e) => {
        const checked = e.currentTarget.checked;
        change((v) => ({ ...v, [field]: checked }));
      }}
    />
  );
}

/** One count of the policy (days, hours), typed as text and checked on Save; typing clears its error. */
function PolicyNumberField({
  field,
  values,
  errors,
  change,
  ...props
}: { field: NumberField; values: PolicyValues; errors: Errors; change: PolicyChange } & Omit<
  TextInputProps,
  'value' | 'onChange' | 'error'
>) {
  return (
    <TextInput
      {...props}
      inputMode="numeric"
      value={values[field]}
      onChange={(e) => {
        const text = e.currentTarget.value;
        change((v) => ({ ...v, [field]: text }), field);
      }}
      error={errors[field]}
      w={230}
    />
  );
}
