import type { ReactNode } from 'react';
import { Center, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { IconFlask, IconWallet } from '@tabler/icons-react';
import { demoBannerText } from '../../components/DemoBanner';

/** The frame of the screens before the desk opens: setup, sign-in, lock. Nothing of the workspace shows behind it. */
export function GateLayout({
  title,
  demo = false,
  width = 460,
  testId,
  children,
}: {
  title: string;
  demo?: boolean;
  width?: number;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Center mih="100vh" p="md" component="main">
      <Stack w="100%" maw={width} gap="md" data-testid={testId}>
        <Group gap="xs" wrap="wrap">
          <IconWallet size={24} aria-hidden />
          <Text fw={700} size="lg">
            Paydesk
          </Text>
          {demo && (
            // Not the header's badge: a badge cuts its text to fit, and here the whole sentence matters.
            <Group gap={4} wrap="nowrap" role="status" data-testid="demo-banner">
              <IconFlask size={16} color="var(--mantine-color-yellow-8)" aria-hidden />
              <Text size="sm" fw={600} c="yellow.9">
                {demoBannerText}
              </Text>
            </Group>
          )}
        </Group>
        <Paper withBorder p="lg" radius="md">
          <Stack gap="md">
            <Title order={2}>{title}</Title>
            {children}
          </Stack>
        </Paper>
      </Stack>
    </Center>
  );
}
