import { Code, Drawer, Stack, Table, Text } from '@mantine/core';
import { providerCatalog, type PayoutRow } from '@contract';
import { StatusBadge } from '../../components/StatusBadge';
import { formatAmount } from '../../lib/formatAmount';
import { formatDateTimeSeconds } from '../../lib/time';
import { useInertBackground } from '../../lib/useInertBackground';

export function PayoutDetails({ payout, onClose }: { payout: PayoutRow | null; onClose: () => void }) {
  useInertBackground(payout !== null);
  return (
    <Drawer opened={payout !== null} onClose={onClose} position="right" size="md" title={payout ? `Payout ${payout.clientReference}` : ''}>
      {payout && (
        <Stack gap="md">
          <Text size="xl" fw={700}>
            {formatAmount(payout.amount.minor, payout.amount.currency)}
          </Text>
          <Table variant="vertical" withTableBorder layout="fixed">
            <Table.Tbody>
              <Row label="Status">
                <StatusBadge status={payout.status} providerStatus={payout.providerStatus} />
              </Row>
              <Row label="Provider status">{payout.providerStatus ?? '—'}</Row>
              <Row label="Creator">{payout.creatorName ?? '—'}</Row>
              <Row label="E-mail">{payout.creatorEmail ?? '—'}</Row>
              <Row label="Handle">{payout.creatorHandle ?? '—'}</Row>
              <Row label="Campaign">{payout.campaignName ?? '—'}</Row>
              <Row label="Description">{payout.description ?? '—'}</Row>
              <Row label="Connection">
                {payout.connectionLabel} ({providerCatalog[payout.provider]?.name ?? payout.provider})
              </Row>
              <Row label="Reference">
                <Code>{payout.clientReference}</Code>
              </Row>
              <Row label="Provider id">{payout.remoteId ? <Code>{payout.remoteId}</Code> : '—'}</Row>
              <Row label="Created">{formatDateTimeSeconds(payout.createdAt)}</Row>
              <Row label="Updated">{formatDateTimeSeconds(payout.updatedAt)}</Row>
            </Table.Tbody>
          </Table>
        </Stack>
      )}
    </Drawer>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Table.Tr>
      <Table.Th w={130}>{label}</Table.Th>
      <Table.Td style={{ overflowWrap: 'anywhere' }}>{children}</Table.Td>
    </Table.Tr>
  );
}
