import { useEffect } from 'react';
import { Anchor, Button, Card, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArrowLeft, IconRefresh } from '@tabler/icons-react';
import type { CreatorPerson } from '@shared/contract';
import { useApiQuery } from '../../api/queries';
import { ErrorAlert } from '../../components/ErrorAlert';
import classes from '../../components/table.module.css';
import { errorMessage } from '../../lib/errors';
import { formatAmount } from '../../lib/formatAmount';
import { formatDateTime, fromNowShort } from '../../lib/time';
import { useNow } from '../../lib/useNow';
import { personName, ProviderBadges } from './creatorParts';
import { CreatorPayouts } from './CreatorPayouts';

/** One person: who they are on each provider, what they were paid per currency, when last, and all their payouts. */
export function CreatorPage({ initial, onBack }: { initial: CreatorPerson; onBack: () => void }) {
  const query = useApiQuery('creators.person', { personKey: initial.personKey });
  const person = query.data === undefined ? initial : query.data;
  const now = useNow(60_000);

  // Escape or Alt+← goes back to the list (unless a drawer or dialog is open above the page).
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (document.querySelector('[role="dialog"]')) return;
      if ((event.key === 'Escape' && !event.altKey) || (event.key === 'ArrowLeft' && event.altKey)) {
        const target = event.target as HTMLElement | null;
        if (target && ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName)) return;
        event.preventDefault();
        onBack();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [onBack]);

  return (
    <Stack gap="md" data-testid="creator-page">
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="creator-back">
            <Group gap={4}>
              <IconArrowLeft size={14} /> All creators
            </Group>
          </Anchor>
          <Title order={2} data-testid="creator-name">
            {person ? personName(person) : personName(initial)}
          </Title>
          {person && <ProviderBadges providers={person.providers} />}
        </Stack>
        <Button
          variant="default"
          leftSection={query.isFetching ? <Loader size={14} /> : <IconRefresh size={16} />}
          onClick={() => void query.refetch()}
          aria-busy={query.isFetching}
        >
          Refresh
        </Button>
      </Group>

      {query.error && (
        <ErrorAlert title="Could not refresh this creator" message={errorMessage(query.error)} onRetry={() => void query.refetch()} />
      )}
      {person === null ? (
        <ErrorAlert title="This creator is no longer in the cache" message="The connection it came from may have been removed." />
      ) : (
        <>
          <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
            <Card withBorder padding="md" data-testid="creator-details">
              <Text size="sm" fw={600} c="dimmed" mb={6}>
                Details
              </Text>
              <Stack gap={4}>
                {person.emails.map((e) => (
                  <Text key={e} size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {e}
                  </Text>
                ))}
                {person.handles.map((h) => (
                  <Text key={h} size="sm" c="dimmed">
                    {h}
                  </Text>
                ))}
                {person.emails.length === 0 && person.handles.length === 0 && (
                  <Text size="sm" c="dimmed">
                    No e-mail address or handle on record.
                  </Text>
                )}
                <Text size="xs" c="dimmed">
                  {person.creatorIds.length} record{person.creatorIds.length === 1 ? '' : 's'} on {person.providers.length} provider
                  {person.providers.length === 1 ? '' : 's'} · {person.payoutCount.toLocaleString()} payout
                  {person.payoutCount === 1 ? '' : 's'}
                </Text>
              </Stack>
            </Card>
            <Card withBorder padding="md" data-testid="creator-totals">
              <Text size="sm" fw={600} c="dimmed" mb={6}>
                Paid in total
              </Text>
              {person.paidTotals.length === 0 ? (
                <Text size="sm" c="dimmed">
                  Nothing paid yet.
                </Text>
              ) : (
                <Stack gap={2}>
                  {person.paidTotals.map((t) => (
                    <Group key={t.currency} justify="space-between" gap="xs" data-testid="total-line" data-currency={t.currency}>
                      <Text size="sm" c="dimmed">
                        {t.currency}
                      </Text>
                      <Text size="lg" fw={700} className={classes.amount}>
                        {formatAmount(t.minor, t.currency)}
                      </Text>
                    </Group>
                  ))}
                </Stack>
              )}
            </Card>
            <Card withBorder padding="md" data-testid="creator-last-paid-card">
              <Text size="sm" fw={600} c="dimmed" mb={6}>
                Last paid
              </Text>
              {person.lastPaidAt ? (
                <>
                  <Text size="lg" fw={700}>
                    {fromNowShort(person.lastPaidAt, now)}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {formatDateTime(person.lastPaidAt)}
                  </Text>
                </>
              ) : (
                <Text size="sm" c="dimmed">
                  Never paid.
                </Text>
              )}
            </Card>
          </SimpleGrid>
          <CreatorPayouts creatorIds={person.creatorIds} />
        </>
      )}
    </Stack>
  );
}
