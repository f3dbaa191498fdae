import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import type { ImportCommitResult } from '@shared/contract';
import { AmountTotals } from '../../../components/AmountTotals';
import { useNavigation } from '../../../stores/navigationStore';

/** What the import did, and the way to the drafts it made. */
export function ImportResult({ result, onClose }: { result: ImportCommitResult; onClose: () => void }) {
  const navigate = useNavigation((s) => s.navigate);
  return (
    <Alert
      color="green"
      variant="light"
      icon={<IconCheck size={18} />}
      title={`Imported ${result.imported} draft${result.imported === 1 ? '' : 's'}`}
      data-testid="import-result"
    >
      <Stack gap="xs">
        {result.totals.length > 0 && <AmountTotals totals={result.totals} testId="import-result-totals" />}
        <Text size="sm">
          {result.skippedInvalid > 0
            ? `${result.skippedInvalid} invalid row${result.skippedInvalid === 1 ? ' was' : 's were'} skipped. `
            : ''}
          {result.skippedDuplicates > 0
            ? `${result.skippedDuplicates} possible duplicate${result.skippedDuplicates === 1 ? ' was' : 's were'} skipped. `
            : ''}
          The drafts wait for approval.
        </Text>
        <Group gap="xs">
          <Button
            size="xs"
            onClick={() => {
              onClose();
              navigate('approvals');
            }}
          >
            Go to Approvals
          </Button>
          <Button size="xs" variant="default" onClick={onClose}>
            Close
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
