import { useMemo, useState } from 'react';
import { Badge, Center, EmptyState, Stack, Table, Text, TextInput } from '@mantine/core';
import { IconSearch, IconSpeakerphone } from '@tabler/icons-react';
import { providerCatalog } from '@contract';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useQuery } from '../../lib/useQuery';
import { connectionLabel, useAppStore } from '../../stores/appStore';

const limit = 500;

export function CampaignsScreen() {
  const [search, setSearch] = useState('');
  const connections = useAppStore((s) => s.connections);
  const query = useQuery('campaigns', () => api.call('campaigns.list', { limit }), ['campaigns', 'payouts', 'connections']);

  // campaigns.list has no search input; the list is small enough to filter here.
  const rows = useMemo(() => {
    const all = query.data ?? [];
    const needle = search.trim().toLowerCase();
    if (!needle) return all;
    return all.filter((c) => [c.name, c.status ?? '', c.remoteId, connectionLabel(connections, c.connectionId)].some((v) => v.toLowerCase().includes(needle)));
  }, [query.data, search, connections]);

  let body: React.ReactNode;
  if (query.loading && query.data === undefined) body = <TableSkeleton />;
  else if (query.error) body = <ErrorAlert title="Could not load campaigns" message={query.error} onRetry={query.reload} />;
  else if (rows.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconSpeakerphone size={32} />}
          withIndicatorBackground
          title={search.trim() ? 'No campaigns match this search' : 'No campaigns yet'}
          description={search.trim() ? 'Try another name or status.' : 'Campaigns appear here after a Creator Pay or Talli connection has synced.'}
          data-testid="campaigns-empty"
        />
      </Center>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={600}>
        <Table striped highlightOnHover aria-label="Campaigns" data-testid="campaigns-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>Status</Table.Th>
              <Table.Th>Connection</Table.Th>
              <Table.Th ta="right">Payouts</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id} data-testid="campaign-row">
                <Table.Td>
                  <Text size="sm" fw={500}>
                    {c.name}
                  </Text>
                  <Text size="xs" c="dimmed" ff="monospace">
                    {c.remoteId}
                  </Text>
                </Table.Td>
                <Table.Td>{c.status ? <Badge variant="light" tt="none">{c.status}</Badge> : '—'}</Table.Td>
                <Table.Td>
                  <Text size="sm">{connectionLabel(connections, c.connectionId)}</Text>
                  <Text size="xs" c="dimmed">
                    {providerCatalog[c.provider]?.name ?? c.provider}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">{c.payoutCount.toLocaleString()}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    );

  return (
    <Stack gap="md">
      <ScreenHeader title="Campaigns" description="Provider campaigns (Creator Pay, Talli) synced from your connections." />
      <TextInput
        label="Search"
        placeholder="Campaign name or status"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={360}
      />
      {body}
    </Stack>
  );
}
