/** Pieces the creator list and the creator page share. */
import { Badge, Group } from '@mantine/core';
import type { CreatorPerson } from '@shared/contract';
import { useProviders } from '../../api/providers';

export function personName(p: CreatorPerson): string {
  return p.name ?? p.emails[0] ?? p.handles[0] ?? 'Unnamed creator';
}

export function ProviderBadges({ providers }: { providers: CreatorPerson['providers'] }) {
  const catalog = useProviders();
  return (
    <Group gap={4}>
      {providers.map((id) => (
        <Badge key={id} size="sm" variant="light" color="gray" tt="none" data-testid="provider-badge">
          {catalog.name(id)}
        </Badge>
      ))}
    </Group>
  );
}
