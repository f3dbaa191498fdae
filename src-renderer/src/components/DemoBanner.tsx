import { Badge } from '@mantine/core';
import { IconFlask } from '@tabler/icons-react';

export const demoBannerText = 'Demo workspace — simulated providers, no real money';

export function DemoBanner() {
  return (
    <Badge
      color="yellow"
      variant="filled"
      size="lg"
      radius="sm"
      leftSection={<IconFlask size={14} />}
      data-testid="demo-banner"
      role="status"
      tt="none"
    >
      {demoBannerText}
    </Badge>
  );
}
