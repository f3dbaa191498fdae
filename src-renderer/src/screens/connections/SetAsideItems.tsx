import { useState } from 'react';
import { Alert, Collapse, Group, List, Text } from '@mantine/core';
import { IconFileAlert } from '@tabler/icons-react';
import type { Connection } from '@shared/contract';
import { useApiQuery } from '../../api/queries';
import { DisclosureButton } from '../../components/DisclosureButton';
import { QueryState } from '../../components/QueryState';
import { setAsideCount, setAsideLine } from './setAside';

const limit = 200;

/**
 * Items the provider returned that a sync could not read or store: the rest of their page was kept, these were set
 * aside with the reason (never a silent gap). Listed on request; the count is always visible.
 */
export function SetAsideItems({ connection }: { connection: Connection }) {
  const count = setAsideCount(connection);
  const [open, setOpen] = useState(false);
  if (count === 0) return null;
  return (
    <Alert color="yellow" variant="light" icon={<IconFileAlert size={18} />} p="xs" data-testid="set-aside" data-count={count}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm">
          <b>Set aside: {count.toLocaleString()}</b> item{count === 1 ? '' : 's'} the provider returned could not be stored; everything else
          was.
        </Text>
        <DisclosureButton color="yellow" expanded={open} onToggle={() => setOpen((v) => !v)} testId="set-aside-toggle">
          {open ? 'Hide' : 'Show'} them
        </DisclosureButton>
      </Group>
      <Collapse expanded={open}>{open && <SetAsideList connectionId={connection.id} />}</Collapse>
    </Alert>
  );
}

function SetAsideList({ connectionId }: { connectionId: string }) {
  const query = useApiQuery('sync.setAside', { connectionId, limit });
  return (
    <QueryState query={query} what="the set-aside items" empty={<Text size="sm">None any more: the last sync stored everything.</Text>}>
      {(items) => (
        <>
          <List size="xs" spacing={2} mt="xs" data-testid="set-aside-list">
            {items.map((item, i) => (
              <List.Item key={`${item.resource}:${item.remoteId ?? i}`} style={{ overflowWrap: 'anywhere' }}>
                {setAsideLine(item)}
              </List.Item>
            ))}
          </List>
          {items.length >= limit && (
            <Text size="xs" c="dimmed">
              The first {limit} are shown.
            </Text>
          )}
        </>
      )}
    </QueryState>
  );
}
