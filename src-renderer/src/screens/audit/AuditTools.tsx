import { useState } from 'react';
import { Alert, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { IconDownload, IconShieldCheck, IconShieldHalf, IconShieldX } from '@tabler/icons-react';
import { useApiMutation } from '../../api/queries';
import { TaskProgress } from '../../components/TaskProgress';
import { savePreparedFile } from '../../api/preparedFiles';
import { errorMessage } from '../../lib/errors';
import type { AuditTrailChoice } from './useAuditPages';
import { describeVerification } from './verification';

const toneIcons = { green: IconShieldCheck, yellow: IconShieldHalf, red: IconShieldX } as const;

export function VerifyPanel({ trail }: { trail: AuditTrailChoice }) {
  // A check the user asks for, never cached: each press recomputes every hash and MAC.
  const verifyCall = useApiMutation('audit.verify');
  const busy = verifyCall.isPending;
  const result = verifyCall.data ? describeVerification(verifyCall.data) : null;
  const error = verifyCall.error ? errorMessage(verifyCall.error) : null;
  const shown = error ? { tone: 'red' as const, title: `Could not verify the audit trail: ${error}`, detail: null } : result;
  const Icon = shown ? toneIcons[shown.tone] : IconShieldCheck;

  return (
    <Paper withBorder p="sm">
      <Group gap="md" wrap="nowrap" align="flex-start">
        <Button
          variant="light"
          leftSection={<IconShieldCheck size={16} />}
          onClick={() => verifyCall.mutate(trail ? { trail } : undefined)}
          loading={busy}
          style={{ flexShrink: 0 }}
        >
          Verify
        </Button>
        <TaskProgress task="audit.verify" verb="Checked" unit="events" />
        {shown ? (
          <Group gap={6} wrap="nowrap" align="flex-start">
            <Icon
              size={18}
              color={`var(--mantine-color-${shown.tone === 'yellow' ? 'yellow' : shown.tone}-text)`}
              style={{ flexShrink: 0, marginTop: 2 }}
            />
            <Stack gap={2}>
              <Text
                data-testid="audit-verify-result"
                data-tone={shown.tone}
                data-intact={verifyCall.data?.intact === true}
                data-anchored={verifyCall.data?.anchored === true}
                c={shown.tone === 'yellow' ? 'yellow.8' : shown.tone}
                fw={500}
                role={shown.tone === 'green' ? 'status' : 'alert'}
              >
                {shown.title}
              </Text>
              {shown.detail && (
                <Text size="sm" c="dimmed" data-testid="audit-verify-detail">
                  {shown.detail}
                </Text>
              )}
            </Stack>
          </Group>
        ) : (
          <Text size="sm" c="dimmed">
            {trail === 'team'
              ? "Recomputes every event's hash on this desktop's copy and holds it against the team database's trail and the chain head this desktop saw last, to prove nothing was changed, added or removed."
              : "Recomputes every event's hash and MAC, and compares the chain with its head kept outside the database, to prove nothing was changed, added or removed."}
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

export function ExportButtons({ trail }: { trail: AuditTrailChoice }) {
  const [done, setDone] = useState<string | null>(null);
  const exportCall = useApiMutation('audit.export', {
    // The button stays busy until the file is saved; a failure to fetch it shows as the export's error.
    onSuccess: async (file, { format }) => {
      await savePreparedFile(file);
      setDone(
        `Exported the audit log to ${file.fileName}.` +
          (format === 'jsonl' ? ' It keeps every hash and MAC, so it can be verified again later with the workspace’s audit key.' : ''),
      );
    },
  });
  const busy = exportCall.isPending ? (exportCall.variables?.format ?? null) : null;
  const error = exportCall.error ? errorMessage(exportCall.error) : null;
  const exportAs = (format: 'csv' | 'jsonl') => {
    setDone(null);
    exportCall.mutate({ format, ...(trail ? { trail } : {}) });
  };
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
          Export failed: {error}
        </Text>
      )}
      {done && (
        <Alert
          color="green"
          variant="light"
          py={6}
          withCloseButton
          onClose={() => setDone(null)}
          role="status"
          data-testid="audit-export-result"
          maw={460}
        >
          <Text size="sm">{done}</Text>
        </Alert>
      )}
    </Stack>
  );
}
