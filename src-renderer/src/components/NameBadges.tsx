import { Badge, Group, type BadgeProps } from '@mantine/core';

/** Short names (roles, tags) as a row of badges, each spelled as given rather than in capitals. */
export function NameBadges({ names, size, variant }: { names: readonly string[] } & Pick<BadgeProps, 'size' | 'variant'>) {
  return (
    <Group gap={4}>
      {names.map((name) => (
        <Badge key={name} size={size} variant={variant} tt="none">
          {name}
        </Badge>
      ))}
    </Group>
  );
}
