import { useState } from 'react';
import { Code, Collapse, Stack, Text } from '@mantine/core';
import type { PayoutDetail } from '@shared/contract';
import { DisclosureButton } from '../../../components/DisclosureButton';

/** The provider's own record of the payout, folded away until asked for. */
export function ProviderData({ detail, providerLabel }: { detail: PayoutDetail; providerLabel: string }) {
  const [rawOpen, setRawOpen] = useState(false);
  const rawDetail = detail.raw;
  return (
    <Stack gap="xs">
      <DisclosureButton size="compact-sm" w="fit-content" expanded={rawOpen} onToggle={() => setRawOpen((o) => !o)}>
        Provider data (JSON)
      </DisclosureButton>
      <Collapse expanded={rawOpen}>
        {rawDetail === null || rawDetail === undefined ? (
          <Text size="sm" c="dimmed" data-testid="payout-raw" data-empty="true">
            {providerLabel} has not answered for this payout yet
            {detail.status === 'draft' || detail.status === 'approved' ? ' — it has not been sent' : ''}, so there is no provider data.
          </Text>
        ) : (
          <>
            <Code block data-testid="payout-raw" style={{ maxHeight: 320, overflow: 'auto', whiteSpace: 'pre' }}>
              {JSON.stringify(rawDetail, null, 2)}
            </Code>
            <Text size="xs" c="dimmed" mt={4}>
              {providerLabel}'s own record of this payout as last seen; bank and tax fields are left out.
            </Text>
          </>
        )}
      </Collapse>
    </Stack>
  );
}
