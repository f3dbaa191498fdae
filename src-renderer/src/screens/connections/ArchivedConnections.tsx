import { useState } from 'react';
import { Alert, Badge, Button, Card, Checkbox, Group, List, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { IconArchive, IconCash, IconTrashX } from '@tabler/icons-react';
import type { Connection, PurgePreview } from '@shared/contract';
import { useProviders } from '../../api/providers';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { usePermission } from '../../api/session';
import { ConfirmModal } from '../../components/ConfirmModal';
import { WhenAllowed } from '../../components/WhenAllowed';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { useNavigation } from '../../stores/navigationStore';
import { usePayoutsView } from '../../stores/payoutsViewStore';

/** Archived connections: read only (no sync, test or edit); their payouts stay one click away. */
export function ArchivedConnections({ connections, onPurged }: { connections: Connection[]; onPurged: (text: string) => void }) {
  const [purging, setPurging] = useState<Connection | null>(null);
  if (connections.length === 0) return null;
  return (
    <Stack gap="sm" data-testid="archived-connections">
      <Group gap="xs">
        <IconArchive size={18} aria-hidden />
        <Title order={3}>Archived connections</Title>
      </Group>
      <Text size="sm" c="dimmed">
        No longer synced or sent through, and their secrets are gone from the keychain. Everything Paydesk knew through them stays readable
        and exportable.
      </Text>
      <SimpleGrid cols={{ base: 1, lg: 2 }} role="list" aria-label="Archived connections list">
        {connections.map((c) => (
          <ArchivedCard key={c.id} connection={c} onPurge={() => setPurging(c)} />
        ))}
      </SimpleGrid>
      <PurgeModal
        connection={purging}
        onClose={() => setPurging(null)}
        onPurged={(text) => {
          setPurging(null);
          onPurged(text);
        }}
      />
    </Stack>
  );
}

function ArchivedCard({ connection: c, onPurge }: { connection: Connection; onPurge: () => void }) {
  const providers = useProviders();
  const navigate = useNavigation((s) => s.navigate);
  const showWith = usePayoutsView((s) => s.showWith);
  const mayPurge = usePermission('connections.purge');
  const payouts = c.sync.find((s) => s.resource === 'payouts')?.itemCount ?? 0;
  return (
    <Card
      withBorder
      padding="md"
      role="listitem"
      data-testid="archived-connection-card"
      data-connection-id={c.id}
      bg="var(--mantine-color-default-hover)"
    >
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" wrap="nowrap">
          <Stack gap={2}>
            <Title order={4}>{c.label}</Title>
            <Text size="sm" c="dimmed">
              {providers.name(c.provider)}
            </Text>
          </Stack>
          <Badge color="gray" variant="outline" tt="none">
            Archived {c.archivedAt ? formatDateTime(c.archivedAt) : ''}
          </Badge>
        </Group>
        <Text size="sm">
          {payouts.toLocaleString()} synced payout{payouts === 1 ? '' : 's'} as last seen, plus any Paydesk drafted or sent here.
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            variant="light"
            leftSection={<IconCash size={14} />}
            onClick={() => {
              showWith({ connectionId: c.id });
              navigate('payouts');
            }}
          >
            Show its payouts
          </Button>
          <WhenAllowed permission={mayPurge}>
            {(blocked) => (
              <Button size="xs" variant="subtle" color="red" leftSection={<IconTrashX size={14} />} onClick={onPurge} disabled={blocked}>
                Delete cached data…
              </Button>
            )}
          </WhenAllowed>
        </Group>
      </Stack>
    </Card>
  );
}

/** Deleting an archived connection's cached data for good: the counts first, main's refusal if any, then an explicit yes. */
function PurgeModal({
  connection,
  onClose,
  onPurged,
}: {
  connection: Connection | null;
  onClose: () => void;
  onPurged: (text: string) => void;
}) {
  const preview = useApiQuery(
    'connections.purgePreview',
    { id: connection?.id ?? '' },
    { enabled: connection !== null, staleTime: 0, gcTime: 0 },
  );
  const purge = useApiMutation('connections.purge', { invalidates: ['connections', 'payouts', 'creators', 'campaigns', 'audit'] });
  const [understood, setUnderstood] = useState(false);
  const close = () => {
    setUnderstood(false);
    purge.reset();
    onClose();
  };
  const data = connection && preview.data?.connectionId === connection.id ? preview.data : null;
  return (
    <ConfirmModal
      opened={connection !== null}
      title={connection ? `Delete the cached data of “${connection.label}”?` : 'Delete cached data'}
      confirmLabel="Delete for good"
      confirmColor="red"
      cancelLabel="Keep it"
      busy={purge.isPending}
      confirmDisabled={!data || data.refusal !== null || !understood}
      error={purge.error ? errorMessage(purge.error) : preview.error ? errorMessage(preview.error) : null}
      onConfirm={() =>
        connection &&
        purge.mutate(
          { id: connection.id, confirm: true },
          {
            onSuccess: (done) => {
              setUnderstood(false);
              onPurged(`Deleted the cached data of “${connection.label}”: ${countsText(done)}.`);
            },
          },
        )
      }
      onClose={close}
      testId="purge-connection"
    >
      {!data ? (
        !preview.error && (
          <Group gap="xs" role="status">
            <Loader size="xs" />
            <Text size="sm">Counting what would be deleted…</Text>
          </Group>
        )
      ) : (
        <Stack gap="sm" data-testid="purge-preview">
          <Text size="sm">This deletes, for good and from this computer only:</Text>
          <List size="sm" data-testid="purge-counts">
            <List.Item>{plural(data.payouts, 'payout')}</List.Item>
            <List.Item>{plural(data.creators, 'creator')}</List.Item>
            <List.Item>{plural(data.campaigns, 'campaign')}</List.Item>
          </List>
          <Text size="sm" c="dimmed">
            The audit log keeps its record of the connection and of this deletion. Nothing changes at the provider.
          </Text>
          {data.refusal ? (
            <Alert color="red" variant="light" title="This cannot be deleted" data-testid="purge-refusal">
              {data.refusal}
            </Alert>
          ) : (
            <Checkbox
              label={`I understand that ${countsText(data)} are deleted and cannot be brought back.`}
              checked={understood}
              onChange={(e) => setUnderstood(e.currentTarget.checked)}
              data-testid="purge-understood"
            />
          )}
        </Stack>
      )}
    </ConfirmModal>
  );
}

const plural = (n: number, what: string) => `${n.toLocaleString()} ${what}${n === 1 ? '' : 's'}`;
const countsText = (p: Pick<PurgePreview, 'payouts' | 'creators' | 'campaigns'>) =>
  `${plural(p.payouts, 'payout')}, ${plural(p.creators, 'creator')} and ${plural(p.campaigns, 'campaign')}`;
