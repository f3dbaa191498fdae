import { useMemo, useState, type KeyboardEvent } from 'react';
import { Badge, Center, EmptyState, Group, SegmentedControl, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch, IconSpeakerphone } from '@tabler/icons-react';
import { type CampaignSummary } from '@shared/contract';
import { listNames, providerName, providersThat } from '../../stores/appStore';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { AmountList } from '../../components/AmountList';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useQuery } from '../../lib/useQuery';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutsStore } from '../../stores/payoutsStore';
import classes from '../creators/CreatorsScreen.module.css';

type Kind = 'all' | 'provider' | 'local';

/** Provider campaigns and local campaign tags, with paid and pending totals per currency; a campaign opens its payouts. */
export function CampaignsScreen() {
  const [search, setSearch] = useState('');
  const [kind, setKind] = useState<Kind>('all');
  const navigate = useNavigation((s) => s.navigate);
  const query = useQuery('campaigns-summary', () => api.call('campaigns.summary'), ['campaigns', 'payouts', 'connections']);

  // One list of a few hundred campaigns at most; filtered here.
  const rows = useMemo(() => {
    const all = query.data ?? [];
    const needle = search.trim().toLowerCase();
    return all.filter(
      (c) =>
        (kind === 'all' || c.kind === kind) &&
        (!needle ||
          [c.name, c.status ?? '', c.connectionLabel ?? '', c.provider ? providerName(c.provider) : ''].some((v) =>
            v.toLowerCase().includes(needle),
          )),
    );
  }, [query.data, search, kind]);

  const open = (c: CampaignSummary) => {
    if (c.campaignId === null) return;
    usePayoutsStore.getState().showWith({ campaign: { id: c.campaignId, label: `${c.name} · ${c.connectionLabel ?? ''}` } });
    navigate('payouts');
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTableRowElement>, c: CampaignSummary) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      open(c);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const row = event.currentTarget;
      ((event.key === 'ArrowDown' ? row.nextElementSibling : row.previousElementSibling) as HTMLElement | null)?.focus();
    }
  };

  const filtered = search.trim() !== '' || kind !== 'all';
  let body: React.ReactNode;
  if (query.loading && query.data === undefined) body = <TableSkeleton />;
  else if (query.error && query.data === undefined)
    body = <ErrorAlert title="Could not load campaigns" message={query.error} onRetry={query.reload} />;
  else if (rows.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconSpeakerphone size={32} />}
          withIndicatorBackground
          title={filtered ? 'No campaigns match' : 'No campaigns yet'}
          description={
            filtered
              ? 'Try another name, status or kind.'
              : `Provider campaigns appear after a ${listNames(providersThat('listCampaigns'), 'or')} connection has synced; local campaign tags when a payout is drafted with one.`
          }
          data-testid="campaigns-empty"
        />
      </Center>
    );
  else
    body = (
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
          <Table.Tbody>
            {rows.map((c) => {
              const clickable = c.campaignId !== null;
              return (
                <Table.Tr
                  key={c.key}
                  data-testid="campaign-row"
                  data-kind={c.kind}
                  className={clickable ? classes.row : undefined}
                  tabIndex={clickable ? 0 : undefined}
                  onClick={clickable ? () => open(c) : undefined}
                  onKeyDown={clickable ? (e) => onKeyDown(e, c) : undefined}
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
                      <>
                        <Text size="sm">{c.connectionLabel}</Text>
                        <Text size="xs" c="dimmed">
                          {providerName(c.provider)}
                        </Text>
                      </>
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
                  <Table.Td ta="right" className={classes.num}>
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

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Campaigns"
        description={`Provider campaigns (${listNames(providersThat('listCampaigns'))}) and the local campaign tags of your drafts. A provider campaign opens its payouts.`}
      />
      <Group align="flex-end" gap="md" wrap="wrap">
        <TextInput
          label="Search"
          placeholder="Campaign, status or connection"
          leftSection={<IconSearch size={16} />}
          value={search}
          onChange={(e) => setSearch(e.currentTarget.value)}
          w={320}
        />
        <SegmentedControl
          value={kind}
          onChange={(v) => setKind(v as Kind)}
          data={[
            { value: 'all', label: 'All' },
            { value: 'provider', label: 'Provider campaigns' },
            { value: 'local', label: 'Local tags' },
          ]}
          aria-label="Kind"
        />
      </Group>
      {query.error && query.data !== undefined && (
        <ErrorAlert title="Could not refresh campaigns" message={query.error} onRetry={query.reload} />
      )}
      {body}
    </Stack>
  );
}
