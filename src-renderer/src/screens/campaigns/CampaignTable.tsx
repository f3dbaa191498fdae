import { Badge, Table, Text } from '@mantine/core';
import type { CampaignSummary } from '@shared/contract';
import { AmountList } from '../../components/AmountList';
import { ConnectionCell } from '../../components/cells';
import classes from '../../components/table.module.css';
import { openOnEnter, useRowNavigation } from '../../lib/useRowNavigation';

/** Campaigns with their paid and pending totals per currency; a provider campaign opens its payouts. */
export function CampaignTable({ campaigns, onOpen }: { campaigns: CampaignSummary[]; onOpen: (c: CampaignSummary) => void }) {
  const { bodyRef, rowProps } = useRowNavigation(campaigns, openOnEnter(onOpen, false));
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover verticalSpacing="xs" aria-label="Campaigns" data-testid="campaigns-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Campaign</Table.Th>
            <Table.Th w={110}>Kind</Table.Th>
            <Table.Th>Connection</Table.Th>
            <Table.Th w={110}>Status</Table.Th>
            <Table.Th ta="right" w={90}>
              Payouts
            </Table.Th>
            <Table.Th ta="right">Paid</Table.Th>
            <Table.Th ta="right">Pending</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody ref={bodyRef}>
          {campaigns.map((c, index) => {
            const clickable = c.campaignId !== null;
            return (
              <Table.Tr
                key={c.key}
                {...rowProps(index, c)}
                data-testid="campaign-row"
                data-kind={c.kind}
                className={clickable ? classes.row : undefined}
                onClick={clickable ? () => onOpen(c) : undefined}
                aria-label={clickable ? `Show the payouts of ${c.name}` : undefined}
              >
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.name}
                  </Text>
                  {!clickable && (
                    <Text size="xs" c="dimmed">
                      Tag on drafts made in Paydesk
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge
                    size="sm"
                    variant={c.kind === 'provider' ? 'light' : 'outline'}
                    color={c.kind === 'provider' ? 'blue' : 'grape'}
                    tt="none"
                  >
                    {c.kind === 'provider' ? 'Provider' : 'Local tag'}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  {c.provider ? (
                    <ConnectionCell label={c.connectionLabel ?? ''} provider={c.provider} />
                  ) : (
                    <Text size="sm" c="dimmed">
                      Any connection
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {c.status ? (
                    <Badge variant="light" color="gray" tt="none">
                      {c.status}
                    </Badge>
                  ) : (
                    <Text size="sm" c="dimmed">
                      —
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right" className={classes.amount}>
                  {c.payoutCount.toLocaleString()}
                </Table.Td>
                <Table.Td ta="right">
                  <AmountList amounts={c.paid} testId="campaign-paid" />
                </Table.Td>
                <Table.Td ta="right">
                  <AmountList amounts={c.pending} testId="campaign-pending" />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
