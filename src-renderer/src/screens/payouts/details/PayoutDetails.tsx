import { useEffect, useState } from 'react';
import { Drawer, ScrollArea } from '@mantine/core';
import { useApiQuery } from '../../../api/queries';
import { useInertBackground } from '../../../lib/useInertBackground';
import { usePayoutUi } from '../../../stores/payoutUiStore';
import { PayoutBody, type Overlay } from './PayoutBody';

/** The payout drawer, rendered once by the app shell; any screen opens it with usePayoutUi().openDrawer(id). */
export function PayoutDetails() {
  const id = usePayoutUi((s) => s.drawerId);
  const close = usePayoutUi((s) => s.closeDrawer);
  const [overlay, setOverlay] = useState<Overlay>(null);
  // The same cached answer the body reads: no second request for the title.
  const detail = useApiQuery('payouts.get', { id: id ?? 0 }, { enabled: id !== null }).data;
  useInertBackground(id !== null);
  useEffect(() => {
    if (id === null) setOverlay(null);
  }, [id]);
  return (
    <Drawer
      opened={id !== null}
      onClose={close}
      position="right"
      size="xl"
      title={detail && detail.id === id ? `Payout ${detail.shortReference ?? detail.clientReference}` : 'Payout'}
      // While a confirmation is open above the drawer, Escape and focus belong to the confirmation.
      closeOnEscape={overlay === null}
      trapFocus={overlay === null}
      scrollAreaComponent={ScrollArea.Autosize}
    >
      {id !== null && <PayoutBody key={id} id={id} overlay={overlay} setOverlay={setOverlay} />}
    </Drawer>
  );
}
