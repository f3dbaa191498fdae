import type { ReactNode } from 'react';
import { ActionIcon, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Connection } from '@shared/contract';
import { DecimalInput } from '../../components/TextFields';
import { perCurrencyLists, type CapRow, type Errors, type PerCurrencyList, type PolicyValues, type ThresholdRow } from './policyForm';

type Change = (patch: (v: PolicyValues) => PolicyValues, ...clear: string[]) => void;

const replaceAt = <T,>(list: T[], i: number, patch: Partial<T>) => list.map((x, j) => (j === i ? { ...x, ...patch } : x));

/** A titled list of rows with an "Add" button under it. */
function RowList({
  title,
  help,
  none,
  count,
  addLabel,
  onAdd,
  addDisabled,
  children,
}: {
  title: string;
  help: string;
  none: string;
  count: number;
  addLabel: string;
  onAdd: () => void;
  addDisabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Stack gap={6}>
      <Text fw={600} size="sm">
        {title}
      </Text>
      <Text size="xs" c="dimmed">
        {help}
      </Text>
      {count === 0 && (
        <Text size="sm" c="dimmed">
          {none}
        </Text>
      )}
      {children}
      <Button
        variant="subtle"
        size="compact-sm"
        leftSection={<IconPlus size={14} />}
        w="fit-content"
        disabled={addDisabled}
        onClick={onAdd}
      >
        {addLabel}
      </Button>
    </Stack>
  );
}

/** Currency, amount and a remove button: the shape of a threshold and of a cap. */
function CurrencyAmount({
  currencies,
  currency,
  amount,
  amountLabel,
  placeholder,
  currencyError,
  amountError,
  onCurrency,
  onAmount,
  removeLabel,
  onRemove,
}: {
  currencies: string[];
  currency: string;
  amount: string;
  amountLabel: string;
  placeholder: string;
  currencyError: string | undefined;
  amountError: string | undefined;
  onCurrency: (currency: string) => void;
  onAmount: (amount: string) => void;
  removeLabel: string;
  onRemove: () => void;
}) {
  return (
    <>
      <NativeSelect
        label="Currency"
        data={[{ value: '', label: 'Currency' }, ...currencies]}
        value={currency}
        onChange={(e) => onCurrency(e.currentTarget.value)}
        error={currencyError}
        w={120}
      />
      <DecimalInput label={amountLabel} placeholder={placeholder} value={amount} onChange={onAmount} error={amountError} width={180} />
      <ActionIcon variant="subtle" color="red" mt={26} aria-label={removeLabel} onClick={onRemove}>
        <IconTrash size={16} />
      </ActionIcon>
    </>
  );
}

/** What each per-currency list of the policy is called and says. */
const perCurrencyText: Record<
  PerCurrencyList,
  { title: string; help: string; none: string; addLabel: string; amountLabel: string; placeholder: string; testId: string }
> = {
  thresholds: {
    title: 'Second approval above',
    help: 'A payout above this amount needs the approvals of two different operators, neither of them the one who drafted it.',
    none: 'No thresholds: one approval (by someone other than the maker) is enough for any amount.',
    addLabel: 'Add threshold',
    amountLabel: 'Threshold',
    placeholder: '1000.00',
    testId: 'threshold-row',
  },
  maxes: {
    title: 'Most one payout may be',
    help: 'A payout above this cannot be drafted, imported, approved or sent. A currency without a maximum cannot be paid out at all.',
    none: 'No maximums: no currency can be paid out.',
    addLabel: 'Add maximum',
    amountLabel: 'Maximum',
    placeholder: '10000.00',
    testId: 'max-row',
  },
  workspaceCaps: {
    title: 'Daily send caps of the workspace',
    help: 'The most Paydesk sends per currency in one calendar day across all connections. Approvals show what remains; sending stops at the cap.',
    none: 'No workspace caps.',
    addLabel: 'Add workspace cap',
    amountLabel: 'Daily cap',
    placeholder: '50000.00',
    testId: 'workspace-cap-row',
  },
};

/** One amount per currency: second-approval thresholds, maximums per payout, the workspace's daily caps. */
export function PerCurrencyRows({
  list,
  rows,
  currencies,
  errors,
  change,
}: {
  list: PerCurrencyList;
  rows: ThresholdRow[];
  currencies: string[];
  errors: Errors;
  change: Change;
}) {
  const text = perCurrencyText[list];
  const path = perCurrencyLists[list];
  const setRows = (v: PolicyValues, next: ThresholdRow[]): PolicyValues => ({ ...v, [list]: next });
  return (
    <RowList
      title={text.title}
      help={text.help}
      none={text.none}
      count={rows.length}
      addLabel={text.addLabel}
      onAdd={() =>
        change((v) =>
          setRows(v, [...v[list], { currency: currencies.find((c) => !v[list].some((t) => t.currency === c)) ?? '', amount: '' }]),
        )
      }
    >
      {rows.map((t, i) => (
        <Group key={i} align="flex-start" gap="xs" data-testid={text.testId}>
          <CurrencyAmount
            currencies={currencies}
            currency={t.currency}
            amount={t.amount}
            amountLabel={text.amountLabel}
            placeholder={text.placeholder}
            currencyError={errors[`${path}.${i}.currency`]}
            amountError={errors[`${path}.${i}.minor`]}
            onCurrency={(currency) => change((v) => setRows(v, replaceAt(v[list], i, { currency })), `${path}.${i}.currency`)}
            onAmount={(amount) => change((v) => setRows(v, replaceAt(v[list], i, { amount })), `${path}.${i}.minor`)}
            removeLabel={`Remove ${text.amountLabel.toLowerCase()} ${i + 1}`}
            onRemove={() =>
              change((v) =>
                setRows(
                  v,
                  v[list].filter((_, j) => j !== i),
                ),
              )
            }
          />
        </Group>
      ))}
    </RowList>
  );
}

export function CapRows({
  rows,
  connections,
  allCurrencies,
  currenciesFor,
  errors,
  change,
}: {
  rows: CapRow[];
  connections: Connection[];
  allCurrencies: string[];
  currenciesFor: (connectionId: string) => string[];
  errors: Errors;
  change: Change;
}) {
  return (
    <RowList
      title="Daily send caps per connection"
      help="The most Paydesk sends per connection and currency in one calendar day. Approvals show what remains; a payout that would go above it is not sent."
      none="No caps."
      count={rows.length}
      addLabel="Add daily cap"
      addDisabled={connections.length === 0}
      onAdd={() => change((v) => ({ ...v, caps: [...v.caps, { connectionId: '', currency: '', amount: '' }] }))}
    >
      {rows.map((c, i) => (
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
                    j === i ? { ...x, connectionId, currency: allowed.includes(x.currency) ? x.currency : (allowed[0] ?? '') } : x,
                  ),
                }),
                `dailyCaps.${i}.connectionId`,
                `dailyCaps.${i}.cap.currency`,
              );
            }}
            error={errors[`dailyCaps.${i}.connectionId`]}
            w={220}
          />
          <CurrencyAmount
            currencies={c.connectionId ? currenciesFor(c.connectionId) : allCurrencies}
            currency={c.currency}
            amount={c.amount}
            amountLabel="Daily cap"
            placeholder="10000.00"
            currencyError={errors[`dailyCaps.${i}.cap.currency`]}
            amountError={errors[`dailyCaps.${i}.cap.minor`]}
            onCurrency={(currency) => change((v) => ({ ...v, caps: replaceAt(v.caps, i, { currency }) }), `dailyCaps.${i}.cap.currency`)}
            onAmount={(amount) => change((v) => ({ ...v, caps: replaceAt(v.caps, i, { amount }) }), `dailyCaps.${i}.cap.minor`)}
            removeLabel={`Remove cap ${i + 1}`}
            onRemove={() => change((v) => ({ ...v, caps: v.caps.filter((_, j) => j !== i) }))}
          />
        </Group>
      ))}
    </RowList>
  );
}
