import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { usePayoutUi } from '../../stores/payoutUiStore';

export interface ExportNotice {
  fileName: string;
  rows: number;
  truncated: boolean;
  error: string | null;
}

/** "Draft saved: … It waits for approval." with a button to open it. */
export function DraftSavedNotice() {
  const lastSaved = usePayoutUi((s) => s.lastSaved);
  const setLastSaved = usePayoutUi((s) => s.setLastSaved);
  const openDrawer = usePayoutUi((s) => s.openDrawer);
  if (!lastSaved) return null;
  return (
    <Alert
      color={lastSaved.duplicateOf ? 'yellow' : 'green'}
      variant="light"
      py={6}
      withCloseButton
      onClose={() => setLastSaved(null)}
      data-testid="draft-saved"
      role="status"
    >
      <Group justify="space-between" gap="xs" wrap="nowrap">
        <Stack gap={2}>
          <Text size="sm">{lastSaved.text}</Text>
          {lastSaved.duplicateOf && (
            <Text size="sm" fw={600} data-testid="draft-saved-duplicate">
              Possible duplicate: the same recipient, amount, currency and campaign as {lastSaved.duplicateOf}. Check it before it is
              approved.
            </Text>
          )}
        </Stack>
        <Button size="xs" variant="default" onClick={() => openDrawer(lastSaved.id)} style={{ flexShrink: 0 }}>
          Open draft
        </Button>
      </Group>
    </Alert>
  );
}

export function ExportNoticeAlert({ notice, onClose }: { notice: ExportNotice | null; onClose: () => void }) {
  if (!notice) return null;
  return (
    <Alert
      color={notice.error ? 'red' : notice.truncated ? 'orange' : 'green'}
      variant="light"
      py={6}
      withCloseButton
      onClose={onClose}
      data-testid="export-result"
      role="status"
    >
      <Text size="sm">
        {notice.error
          ? `Export failed: ${notice.error}`
          : `Exported ${notice.rows.toLocaleString()} payout${notice.rows === 1 ? '' : 's'} to ${notice.fileName}, with a total per currency.`}
        {notice.truncated &&
          ' The view has more payouts than one export holds; only the first ones are in the file — narrow the filters to export the rest.'}
      </Text>
    </Alert>
  );
}

/** Data changed while the user had paged past the first page: reloading is theirs to choose. */
export function StaleListNotice({ onReload }: { onReload: () => void }) {
  return (
    <Alert color="blue" variant="light" py={6}>
      <Group justify="space-between">
        <Text size="sm">Payouts have changed since this list was loaded.</Text>
        <Button size="xs" onClick={onReload}>
          Reload list
        </Button>
      </Group>
    </Alert>
  );
}
