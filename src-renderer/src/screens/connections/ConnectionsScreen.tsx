import { useEffect, useState } from 'react';
import { Alert, Button, SimpleGrid, Skeleton, Stack } from '@mantine/core';
import { IconPlugConnected, IconPlus } from '@tabler/icons-react';
import { type Connection } from '@shared/contract';
import { useConnections } from '../../api/appData';
import { CenteredEmptyState } from '../../components/CenteredEmptyState';
import { KeychainAlert } from '../../components/KeychainAlert';
import { QueryState } from '../../components/QueryState';
import { ScreenHeader } from '../../components/ScreenHeader';
import { SyncAllButton, SyncAllError } from '../../components/SyncControls';
import { usePermission } from '../../api/session';
import { WhenAllowed } from '../../components/WhenAllowed';
import { useNavigation } from '../../stores/navigationStore';
import { ArchivedConnections } from './ArchivedConnections';
import { ConnectionCard } from './ConnectionCard';
import { ConnectionFormModal } from './ConnectionFormModal';
import { RemoveConnectionModal } from './RemoveConnectionModal';

type FormState = { opened: false } | { opened: true; connection: Connection | null };

export function ConnectionsScreen() {
  const query = useConnections();
  const mayAdd = usePermission('connections.add');
  const active = query.connections.filter((c) => !c.archivedAt);
  const archived = query.connections.filter((c) => c.archivedAt);
  const [form, setForm] = useState<FormState>({ opened: false });
  const [removing, setRemoving] = useState<Connection | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    if (useNavigation.getState().consumeIntent()?.kind === 'addConnection' && mayAdd === true) setForm({ opened: true, connection: null });
  }, [mayAdd]);

  const onSaved = (saved: Connection, created: boolean) => {
    setForm({ opened: false });
    setNotice(created ? `Added “${saved.label}”.` : `Saved “${saved.label}”.`);
  };

  return (
    <Stack gap="md">
      <ScreenHeader
        title="Connections"
        description="Provider accounts Paydesk syncs and pays through. Secrets stay in the system keychain."
        actions={
          <>
            <SyncAllButton />
            <WhenAllowed permission={mayAdd}>
              {(blocked) => (
                <Button leftSection={<IconPlus size={16} />} onClick={() => setForm({ opened: true, connection: null })} disabled={blocked}>
                  Add connection
                </Button>
              )}
            </WhenAllowed>
          </>
        }
      />
      <KeychainAlert />
      <SyncAllError />
      {notice && (
        <Alert color="green" variant="light" withCloseButton onClose={() => setNotice(null)} role="status" data-testid="connections-notice">
          {notice}
        </Alert>
      )}
      <QueryState
        query={{ ...query, data: query.data && active }}
        what="connections"
        loading={
          <SimpleGrid cols={{ base: 1, md: 2 }} data-testid="loading">
            <Skeleton height={180} />
            <Skeleton height={180} />
          </SimpleGrid>
        }
        empty={
          <CenteredEmptyState icon={IconPlugConnected} testId="connections-empty" title="No connections yet">
            {archived.length
              ? 'Every connection of this workspace is archived. Connect a provider account with its API credentials to sync and pay again.'
              : 'Connect a provider account with its API credentials, or use a simulator to try Paydesk without one.'}
          </CenteredEmptyState>
        }
      >
        {() => (
          <SimpleGrid cols={{ base: 1, lg: 2 }} role="list" aria-label="Connections list">
            {active.map((c) => (
              <ConnectionCard
                key={c.id}
                connection={c}
                onEdit={c.isDemo ? undefined : () => setForm({ opened: true, connection: c })}
                onRemove={() => setRemoving(c)}
              />
            ))}
          </SimpleGrid>
        )}
      </QueryState>
      <ArchivedConnections connections={archived} onPurged={setNotice} />
      <ConnectionFormModal
        opened={form.opened}
        connection={form.opened ? form.connection : null}
        onClose={() => setForm({ opened: false })}
        onSaved={onSaved}
      />
      <RemoveConnectionModal
        connection={removing}
        onClose={() => setRemoving(null)}
        onRemoved={(c) => {
          setRemoving(null);
          setNotice(`Archived “${c.label}”: its history stays below, under Archived connections.`);
        }}
      />
    </Stack>
  );
}
