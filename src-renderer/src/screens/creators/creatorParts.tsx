/** Pieces the creator list and the creator page share. */
import { Badge, Group } from '@mantine/core';
import type { CreatorPerson } from '@shared/contract';
import { providerName } from '../../stores/appStore';

export function personName(p: CreatorPerson): string {
  return p.name ?? p.emails[0] ?? p.handles[0] ?? 'Unnamed creator';
}

export function ProviderBadges({ providers }: { providers: CreatorPerson['providers'] }) {
  return (
    <Group gap={4}>
      {providers.map((id) => (
        <Badge key={id} size="sm" variant="light" color="gray" tt="none" data-testid="provider-badge">
          {providerName(id)}
        </Badge>
      ))}
    </Group>
  );
}
