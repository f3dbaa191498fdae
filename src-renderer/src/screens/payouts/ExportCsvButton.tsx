import { Button, Group, Loader } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useApiMutation } from '../../api/queries';
import { TaskProgress } from '../../components/TaskProgress';
import { savePreparedFile } from '../../api/preparedFiles';
import { errorMessage } from '../../lib/errors';
import { payoutQuery, usePayoutsView } from '../../stores/payoutsViewStore';
import type { ExportNotice } from './PayoutNotices';

/** CSV of exactly the current view: the table's own filters and sort, read by main page by page, totals per currency at the end. */
export function ExportCsvButton({ disabled, onResult }: { disabled: boolean; onResult: (notice: ExportNotice) => void }) {
  const exportCsv = useApiMutation('payouts.exportCsv', {
    // The button stays busy until the file is saved; a failure to fetch it shows as the export's error.
    onSuccess: async (file) => {
      await savePreparedFile(file);
      onResult({ fileName: file.fileName, rows: file.rows, truncated: file.truncated, error: null });
    },
    onError: (e) => onResult({ fileName: '', rows: 0, truncated: false, error: errorMessage(e) }),
  });
  const busy = exportCsv.isPending;
  const run = () => {
    const { filters, sort } = usePayoutsView.getState();
    exportCsv.mutate(payoutQuery(filters, sort));
  };
  // Main builds the file on a worker thread and reports how many rows it has read.
  return (
    <Group gap="xs" wrap="nowrap">
      <TaskProgress task="payouts.exportCsv" verb="Exported" unit="payouts" />
      <Button
        variant="default"
        size="xs"
        leftSection={busy ? <Loader size={12} /> : <IconFileExport size={14} />}
        onClick={run}
        disabled={disabled || busy}
        aria-busy={busy}
        title="Download the payouts of this view, as filtered and sorted, as CSV"
        data-testid="export-csv"
      >
        Export CSV
      </Button>
    </Group>
  );
}
