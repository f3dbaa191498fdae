import { Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconDownload, IconShieldCheck, IconShieldX } from '@tabler/icons-react';
import { useApiMutation } from '../../api/queries';
import { downloadText } from '../../lib/download';
import { errorMessage } from '../../lib/errors';

export function VerifyPanel() {
  // A check the user asks for, never cached: each press recomputes every hash.
  const verifyCall = useApiMutation('audit.verify');
  const busy = verifyCall.isPending;
  const result = verifyCall.data ?? null;
  const error = verifyCall.error ? errorMessage(verifyCall.error) : null;
  const verify = () => verifyCall.mutate();

  const intact = result?.intact === true;
  const text = error
    ? `Could not verify the audit trail: ${error}`
    : result === null
      ? null
      : result.intact
        ? `Audit trail intact — ${result.checked} events checked`
        : `Audit trail broken at event #${result.brokenSeq}: ${result.reason}`;

  return (
    <Paper withBorder p="sm">
      <Group gap="md" wrap="nowrap">
        <Button variant="light" leftSection={<IconShieldCheck size={16} />} onClick={verify} loading={busy}>
          Verify
        </Button>
        {text ? (
          <Group gap={6} wrap="nowrap">
            {intact ? (
              <IconShieldCheck size={18} color="var(--mantine-color-green-text)" />
            ) : (
              <IconShieldX size={18} color="var(--mantine-color-red-text)" />
            )}
            <Text
              data-testid="audit-verify-result"
              data-intact={intact}
              c={intact ? 'green' : 'red'}
              fw={500}
              role={intact ? 'status' : 'alert'}
            >
              {text}
            </Text>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            Recomputes every event's hash to prove nothing was changed or removed.
          </Text>
        )}
      </Group>
    </Paper>
  );
}

const exportFormats = [
  { format: 'csv', label: 'Export CSV' },
  { format: 'jsonl', label: 'Export JSON Lines' },
] as const;

export function ExportButtons() {
  const exportCall = useApiMutation('audit.export', { onSuccess: (file) => downloadText(file.fileName, file.mimeType, file.content) });
  const busy = exportCall.isPending ? (exportCall.variables?.format ?? null) : null;
  const error = exportCall.error ? errorMessage(exportCall.error) : null;
  const exportAs = (format: 'csv' | 'jsonl') => exportCall.mutate({ format });
  return (
    <Stack gap={4} align="flex-end">
      <Group gap="xs">
        {exportFormats.map(({ format, label }) => (
          <Button
            key={format}
            variant="default"
            leftSection={<IconDownload size={16} />}
            onClick={() => exportAs(format)}
            loading={busy === format}
            disabled={busy !== null && busy !== format}
          >
            {label}
          </Button>
        ))}
      </Group>
      {error && (
        <Text size="sm" c="red" role="alert">
          {error}
        </Text>
      )}
    </Stack>
  );
}
