import type { ReactNode } from 'react';
import { ActionIcon, Button, Group, NativeSelect, Stack, Text } from '@mantine/core';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { Connection } from '@shared/contract';
import { DecimalInput } from '../../components/TextFields';
import type { CapRow, Errors, PolicyValues, ThresholdRow } from './policyForm';

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

export function ThresholdRows({
  rows,
  currencies,
  errors,
  change,
}: {
  rows: ThresholdRow[];
  currencies: string[];
  errors: Errors;
  change: Change;
}) {
  return (
    <RowList
      title="Second approval above"
      help="A payout above this amount needs the approval of a second, different operator before it can be sent."
      none="No thresholds: one approval is enough for any amount."
      count={rows.length}
      addLabel="Add threshold"
      onAdd={() =>
        change((v) => ({
          ...v,
          thresholds: [
            ...v.thresholds,
            { currency: currencies.find((c) => !v.thresholds.some((t) => t.currency === c)) ?? '', amount: '' },
          ],
        }))
      }
    >
      {rows.map((t, i) => (
        <Group key={i} align="flex-start" gap="xs" data-testid="threshold-row">
          <CurrencyAmount
            currencies={currencies}
            currency={t.currency}
            amount={t.amount}
            amountLabel="Threshold"
            placeholder="1000.00"
            currencyError={errors[`approvalThresholds.${i}.currency`]}
            amountError={errors[`approvalThresholds.${i}.minor`]}
            onCurrency={(currency) =>
              change((v) => ({ ...v, thresholds: replaceAt(v.thresholds, i, { currency }) }), `approvalThresholds.${i}.currency`)
            }
            onAmount={(amount) =>
              change((v) => ({ ...v, thresholds: replaceAt(v.thresholds, i, { amount }) }), `approvalThresholds.${i}.minor`)
            }
            removeLabel={`Remove threshold ${i + 1}`}
            onRemove={() => change((v) => ({ ...v, thresholds: v.thresholds.filter((_, j) => j !== i) }))}
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
      title="Daily send caps"
      help="The most Paydesk sends per connection and currency in one calendar day; a payout that would go above it is not sent."
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
