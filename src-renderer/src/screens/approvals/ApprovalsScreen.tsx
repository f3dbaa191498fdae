import { useEffect, useState } from 'react';
import { Badge, Kbd, Stack, Tabs } from '@mantine/core';
import { ScreenHeader } from '../../components/ScreenHeader';
import { useNavigation } from '../../stores/navigationStore';
import { QueuePanel } from './QueuePanel';
import { ReadyPanel } from './ReadyPanel';
import { useApprovalQueue, useReadyToSend } from './useApprovalData';

export function ApprovalsScreen() {
  // Overview's "Approved, not sent" card opens the Ready to send tab.
  const [tab, setTab] = useState<string | null>(() => {
    const intent = useNavigation.getState().intent;
    return intent?.kind === 'approvalsTab' ? intent.tab : 'queue';
  });
  useEffect(() => {
    if (useNavigation.getState().intent?.kind === 'approvalsTab') useNavigation.getState().consumeIntent();
  }, []);
  const queue = useApprovalQueue();
  const ready = useReadyToSend();
  return (
    <Stack gap="md">
      <ScreenHeader
        title="Approvals"
        description={
          <>
            Approve drafts before they can be sent; send approved payouts. Keyboard: <Kbd>↑</Kbd> <Kbd>↓</Kbd> move, <Kbd>Space</Kbd>{' '}
            selects, <Kbd>A</Kbd> selects all, <Kbd>Enter</Kbd> opens.
          </>
        }
      />
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="queue" rightSection={<CountBadge count={queue.items.length} more={queue.more} />}>
            Awaiting approval
          </Tabs.Tab>
          <Tabs.Tab value="send" rightSection={<CountBadge count={ready.rows.length} more={ready.more} />}>
            Ready to send
          </Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="queue" pt="md">
          <QueuePanel queue={queue} />
        </Tabs.Panel>
        <Tabs.Panel value="send" pt="md">
          <ReadyPanel ready={ready} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}

function CountBadge({ count, more }: { count: number; more: boolean }) {
  return (
    <Badge size="sm" variant="light" circle={count < 10 && !more}>
      {count}
      {more ? '+' : ''}
    </Badge>
  );
}
