import { useState } from 'react';
import { Badge, Center, EmptyState, Group, Stack, Table, Text, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconSearch, IconUsers } from '@tabler/icons-react';
import { providerCatalog } from '@contract';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/ErrorAlert';
import { ScreenHeader } from '../../components/ScreenHeader';
import { TableSkeleton } from '../../components/TableSkeleton';
import { useQuery } from '../../lib/useQuery';
import { connectionLabel, useAppStore } from '../../stores/appStore';

const limit = 200;

export function CreatorsScreen() {
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search.trim(), 300);
  const connections = useAppStore((s) => s.connections);
  const query = useQuery(
    `creators:${debounced}`,
    () => api.call('creators.list', { limit, ...(debounced ? { search: debounced } : {}) }),
    ['creators', 'payouts', 'connections'],
  );
  const rows = query.data ?? [];

  let body: React.ReactNode;
  if (query.loading && query.data === undefined) body = <TableSkeleton />;
  else if (query.error) body = <ErrorAlert title="Could not load creators" message={query.error} onRetry={query.reload} />;
  else if (rows.length === 0)
    body = (
      <Center py="xl">
        <EmptyState
          icon={<IconUsers size={32} />}
          withIndicatorBackground
          title={debounced ? 'No creators match this search' : 'No creators yet'}
          description={debounced ? 'Try a name, e-mail address or handle.' : 'Creators appear here after a connection has synced.'}
          data-testid="creators-empty"
        />
      </Center>
    );
  else
    body = (
      <Table.ScrollContainer minWidth={700}>
        <Table striped highlightOnHover aria-label="Creators" data-testid="creators-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Name</Table.Th>
              <Table.Th>E-mail</Table.Th>
              <Table.Th>Handle</Table.Th>
              <Table.Th>Connection</Table.Th>
              <Table.Th ta="right">Payouts</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((c) => (
              <Table.Tr key={c.id} data-testid="creator-row">
                <Table.Td>{c.name ?? '—'}</Table.Td>
                <Table.Td>{c.email ?? '—'}</Table.Td>
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <span>{c.handle ?? '—'}</span>
                    {c.platform && (
                      <Badge size="xs" variant="outline" tt="none">
                        {c.platform}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
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
      <ScreenHeader title="Creators" description="Creators and payees synced from every connection." />
      <TextInput
        label="Search"
        placeholder="Name, e-mail or handle"
        leftSection={<IconSearch size={16} />}
        value={search}
        onChange={(e) => setSearch(e.currentTarget.value)}
        maw={360}
      />
      {body}
      {rows.length >= limit && (
        <Text size="sm" c="dimmed">
          Showing the first {limit} creators — search to narrow the list.
        </Text>
      )}
    </Stack>
  );
}
