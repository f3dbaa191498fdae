import { useState } from 'react';
import { Alert, Button, Card, Code, CopyButton, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconDatabaseExport, IconFolderOpen, IconRestore } from '@tabler/icons-react';
import type { BackupInfo, RestoreResult } from '@shared/contract';
import { useAppInfo } from '../../api/appData';
import { useApiMutation, useApiQuery } from '../../api/queries';
import { usePermission } from '../../api/session';
import { ConfirmModal } from '../../components/ConfirmModal';
import { ErrorAlert } from '../../components/ErrorAlert';
import { PlainTable } from '../../components/PlainTable';
import { QueryState } from '../../components/QueryState';
import { WhenAllowed } from '../../components/WhenAllowed';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/time';
import { backupKindLabels, formatBytes, restoreConsequences } from './backups';
import { logFolderUrl } from './logFolder';
import { WholeNumberSetting } from './WholeNumberSetting';

/** Settings → Logs and backups: where the application log is, how long backups are kept, the backups themselves. */
export function FilesAndBackups() {
  return (
    <Card withBorder padding="lg" data-testid="files-and-backups">
      <Stack gap="md">
        <Title order={4}>Logs and backups</Title>
        <LogFolder />
        <RetentionForm />
        <BackupList />
      </Stack>
    </Card>
  );
}

/** The Electron shell opens the folder in the file manager; the browser host shows the path to copy. */
function LogFolder() {
  const info = useAppInfo().data;
  const folder = useApiQuery('app.logFolder');
  return (
    <Stack gap={4} data-testid="log-folder">
      <Text size="sm" fw={600}>
        Application log
      </Text>
      <Text size="sm" c="dimmed">
        What Paydesk did and every error in full, with secrets removed. Send it to whoever helps you when something goes wrong.
      </Text>
      <QueryState query={folder} what="the log folder" loading={<Skeleton height={30} />}>
        {({ path }) => (
          <Group gap="xs" wrap="wrap">
            <Code data-testid="log-folder-path" style={{ overflowWrap: 'anywhere' }}>
              {path}
            </Code>
            {info?.host === 'electron' ? (
              <Button
                size="compact-sm"
                variant="default"
                leftSection={<IconFolderOpen size={14} />}
                onClick={() => window.open(logFolderUrl(path))}
                data-testid="open-log-folder"
              >
                Open log folder
              </Button>
            ) : (
              <CopyButton value={path}>
                {({ copied, copy }) => (
                  <Button size="compact-sm" variant="default" onClick={copy} data-testid="copy-log-folder">
                    {copied ? 'Copied' : 'Copy path'}
                  </Button>
                )}
              </CopyButton>
            )}
          </Group>
        )}
      </QueryState>
    </Stack>
  );
}

function RetentionForm() {
  return (
    <WholeNumberSetting
      setting="backupRetentionDays"
      formLabel="Backup retention"
      fieldLabel="Keep backups for (days)"
      unit="days"
      description="Older backups are removed; the newest is always kept. From 1 to 3650 days."
      invalidates={['settings']}
      testId="backup-retention-days"
      savedTestId="retention-saved"
    />
  );
}

function BackupList() {
  const list = useApiQuery('backups.list');
  const mayBackUp = usePermission('backups.create');
  const mayRestore = usePermission('backups.restore');
  const create = useApiMutation('backups.create');
  const restore = useApiMutation('backups.restore');
  const [made, setMade] = useState<BackupInfo | null>(null);
  const [restoring, setRestoring] = useState<BackupInfo | null>(null);
  const [restored, setRestored] = useState<RestoreResult | null>(null);

  const backUp = () => {
    setMade(null);
    create.mutate(undefined, {
      onSuccess: (backup) => {
        setMade(backup);
        void list.refetch();
      },
    });
  };
  const confirmRestore = () => {
    if (!restoring) return;
    restore.mutate(
      { name: restoring.name },
      {
        onSuccess: (result) => {
          setRestoring(null);
          setRestored(result);
          // Everything the window holds belongs to the replaced database: start again from the restored one.
          setTimeout(() => window.location.reload(), 1500);
        },
      },
    );
  };

  return (
    <Stack gap="xs" data-testid="backups">
      <Group justify="space-between" gap="xs" wrap="wrap">
        <Text size="sm" fw={600}>
          Backups
        </Text>
        <WhenAllowed permission={mayBackUp}>
          {(blocked) => (
            <Button
              size="compact-sm"
              variant="default"
              leftSection={<IconDatabaseExport size={14} />}
              onClick={backUp}
              loading={create.isPending}
              disabled={blocked}
              data-testid="back-up-now"
            >
              Back up now
            </Button>
          )}
        </WhenAllowed>
      </Group>
      <Text size="sm" c="dimmed">
        Paydesk backs the database up every day and before every upgrade, while it keeps working.
      </Text>
      {create.error && <ErrorAlert title="No backup was made" message={errorMessage(create.error)} />}
      {made && (
        <Alert color="green" variant="light" data-testid="backup-made" withCloseButton onClose={() => setMade(null)}>
          Backup made: {made.name} ({formatBytes(made.sizeBytes)}).
        </Alert>
      )}
      {restored && (
        <Alert color="green" variant="light" data-testid="restore-done" title="Backup restored">
          {restored.restored} is the database now ({restored.auditEventsVerified.toLocaleString()} audit events verified); the one it
          replaced is kept as {restored.replacedKeptAs}. Paydesk reloads…
        </Alert>
      )}
      <QueryState query={list} what="the backups" empty={<Text size="sm">No backup yet.</Text>} loading={<Skeleton height={80} />}>
        {(backups) => (
          <PlainTable
            minWidth={560}
            striped
            withTableBorder
            data-testid="backup-table"
            head={
              <>
                <Table.Th>Made</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th ta="right">Size</Table.Th>
                <Table.Th w={120} aria-label="Actions" />
              </>
            }
          >
            {backups.map((b) => (
              <Table.Tr key={b.name} data-testid="backup-row" data-name={b.name}>
                <Table.Td>
                  <Text size="sm">{formatDateTime(b.createdAt)}</Text>
                  <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                    {b.name}
                  </Text>
                </Table.Td>
                <Table.Td>{backupKindLabels[b.kind]}</Table.Td>
                <Table.Td ta="right">{formatBytes(b.sizeBytes)}</Table.Td>
                <Table.Td>
                  <WhenAllowed permission={mayRestore}>
                    {(blocked) => (
                      <Button
                        size="compact-xs"
                        variant="light"
                        color="orange"
                        leftSection={<IconRestore size={14} />}
                        disabled={blocked}
                        onClick={() => {
                          restore.reset();
                          setRestoring(b);
                        }}
                        data-testid="restore-backup"
                      >
                        Restore…
                      </Button>
                    )}
                  </WhenAllowed>
                </Table.Td>
              </Table.Tr>
            ))}
          </PlainTable>
        )}
      </QueryState>
      <ConfirmModal
        opened={restoring !== null}
        title="Restore this backup?"
        confirmLabel="Restore and reload"
        confirmColor="orange"
        busy={restore.isPending}
        error={restore.error ? errorMessage(restore.error) : null}
        onConfirm={confirmRestore}
        onClose={() => setRestoring(null)}
        testId="restore-confirm"
      >
        {restoring && (
          <Stack gap="xs">
            {restoreConsequences(restoring, formatDateTime).map((line) => (
              <Text key={line} size="sm">
                {line}
              </Text>
            ))}
          </Stack>
        )}
      </ConfirmModal>
    </Stack>
  );
}
