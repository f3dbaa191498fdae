import { Badge, Text } from '@mantine/core';
import type { CampaignSummary } from '@shared/contract';
import { AmountList } from '../../components/AmountList';
import { ConnectionCell, TwoLineCell } from '../../components/cells';
import { DataTable, type Column } from '../../components/DataTable';
import classes from '../../components/table.module.css';

const dash = (
  <Text size="sm" c="dimmed">
    —
  </Text>
);

const columns: Array<Column<CampaignSummary>> = [
  {
    key: 'name',
    label: 'Campaign',
    render: (c) => <TwoLineCell primary={c.name} secondary={c.campaignId === null && 'Tag on drafts made in Paydesk'} />,
  },
  {
    key: 'kind',
    label: 'Kind',
    width: 110,
    render: (c) => (
      <Badge size="sm" variant={c.kind === 'provider' ? 'light' : 'outline'} color={c.kind === 'provider' ? 'blue' : 'grape'} tt="none">
        {c.kind === 'provider' ? 'Provider' : 'Local tag'}
      </Badge>
    ),
  },
  {
    key: 'connection',
    label: 'Connection',
    render: (c) =>
      c.provider ? (
        <ConnectionCell label={c.connectionLabel ?? ''} provider={c.provider} />
      ) : (
        <Text size="sm" c="dimmed">
          Any connection
        </Text>
      ),
  },
  {
    key: 'status',
    label: 'Status',
    width: 110,
    render: (c) =>
      c.status ? (
        <Badge variant="light" color="gray" tt="none">
          {c.status}
        </Badge>
      ) : (
        dash
      ),
  },
  { key: 'payouts', label: 'Payouts', width: 90, align: 'right', className: classes.amount, render: (c) => c.payoutCount.toLocaleString() },
  { key: 'paid', label: 'Paid', align: 'right', render: (c) => <AmountList amounts={c.paid} testId="campaign-paid" /> },
  { key: 'pending', label: 'Pending', align: 'right', render: (c) => <AmountList amounts={c.pending} testId="campaign-pending" /> },
];

/** Campaigns with their paid and pending totals per currency; a provider campaign opens its payouts (a local tag has none to open). */
export function CampaignTable({ campaigns, onOpen }: { campaigns: CampaignSummary[]; onOpen: (c: CampaignSummary) => void }) {
  return (
    <DataTable
      rows={campaigns}
      columns={columns}
      rowKey={(c) => c.key}
      onOpen={onOpen}
      canOpen={(c) => c.campaignId !== null}
      spaceOpens={false}
      rowAttributes={(c) => ({
        'data-kind': c.kind,
        'aria-label': c.campaignId !== null ? `Show the payouts of ${c.name}` : undefined,
      })}
      label="Campaigns"
      testId="campaigns-table"
      rowTestId="campaign-row"
      minWidth={900}
      striped
    />
  );
}
