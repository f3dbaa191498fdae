import { useEffect, useState } from 'react';
import { Button, FileInput, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { IconDownload, IconFileTypeCsv } from '@tabler/icons-react';
import { useProviders } from '../../../api/providers';
import { ConnectionSelect } from '../../../components/ConnectionSelect';
import { ErrorAlert } from '../../../components/ErrorAlert';
import { useInertBackground } from '../../../lib/useInertBackground';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import { ImportResult } from './ImportResult';
import { FileErrors, ImportSummary } from './ImportSummary';
import { useCsvImport, type CsvImport } from './useCsvImport';

export function ImportCsvModal() {
  const opened = usePayoutUi((s) => s.importOpened);
  const close = usePayoutUi((s) => s.closeImport);
  const [busy, setBusy] = useState(false);
  useInertBackground(opened);
  // While drafts are being written the dialog stays open: closing it would not stop the import.
  return (
    <Modal opened={opened} onClose={() => !busy && close()} title="Import payouts from CSV" size="80rem" closeOnClickOutside={false}>
      {opened && <ImportForm onClose={close} onBusy={setBusy} />}
    </Modal>
  );
}

function ImportForm({ onClose, onBusy }: { onClose: () => void; onBusy: (busy: boolean) => void }) {
  const imp = useCsvImport();
  const providers = useProviders();
  const { preview, phase, connection } = imp;
  useEffect(() => {
    onBusy(phase === 'importing');
  }, [phase, onBusy]);
  const close = () => phase !== 'importing' && onClose();

  return (
    <Stack gap="md" data-testid="import-csv">
      <Group align="flex-end" gap="sm" wrap="wrap">
        <ConnectionSelect
          connections={imp.connections}
          value={imp.connectionId}
          onChange={imp.changeConnection}
          error={imp.connectionError}
          disabled={phase === 'importing'}
          w={300}
          data-autofocus
        />
        <Button variant="default" leftSection={<IconDownload size={16} />} onClick={imp.downloadTemplate} disabled={phase === 'importing'}>
          Download template
        </Button>
        <FileInput
          label="CSV file"
          placeholder="Choose a .csv file"
          accept=".csv,text/csv,text/plain"
          value={imp.file}
          onChange={(f) => void imp.chooseFile(f)}
          leftSection={<IconFileTypeCsv size={16} />}
          clearable
          disabled={phase === 'importing'}
          w={300}
          data-testid="import-file"
        />
      </Group>
      {imp.templateError && <ErrorAlert title="Could not make the template" message={imp.templateError} />}
      {connection && (
        <Text size="sm" c="dimmed">
          Start from the template: it has the columns {providers.name(connection.provider)} needs, separated by commas, with one example
          row. Amounts use a dot as decimal mark (125.50).
        </Text>
      )}
      <Working imp={imp} />
      {imp.error && (
        <ErrorAlert title={imp.errorWhileImporting ? 'Nothing was imported' : 'The file cannot be imported'} message={imp.error} />
      )}
      {imp.result && <ImportResult result={imp.result} onClose={close} />}
      {preview && preview.fileErrors.length > 0 && <FileErrors preview={preview} />}
      {preview && preview.fileErrors.length === 0 && <ImportSummary imp={imp} preview={preview} onClose={close} />}
    </Stack>
  );
}

function Working({ imp }: { imp: CsvImport }) {
  if (imp.phase === 'idle') return null;
  return (
    <Stack gap={4} role="status" aria-live="polite" data-testid="import-working">
      <Text size="sm">
        {imp.phase === 'reading'
          ? 'Reading the file…'
          : imp.phase === 'checking'
            ? `Checking every row${imp.file ? ` of ${imp.file.name}` : ''}…`
            : 'Importing the drafts…'}
      </Text>
      <Progress value={100} striped animated size="sm" aria-label="Working" />
    </Stack>
  );
}
