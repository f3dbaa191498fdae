import { useId, useState } from 'react';
import { Collapse, Group, List, Stack, Text, Tooltip } from '@mantine/core';
import { IconCircleCheck, IconCircleMinus } from '@tabler/icons-react';
import type { ProviderCapabilities } from '@shared/contract';
import { DisclosureButton } from '../../components/DisclosureButton';
import { capabilityLabels } from './syncResources';

/**
 * What the provider's API lets Paydesk do: green for supported, grey with the reason otherwise. The reasons are
 * in tooltips and, for keyboard and touch users, in an expandable list.
 */
export function CapabilityList({ providerName, capabilities }: { providerName: string; capabilities: ProviderCapabilities }) {
  const [expanded, setExpanded] = useState(false);
  const panelId = useId();
  const missing = capabilityLabels.filter(([key]) => capabilities[key] !== true);
  return (
    <Stack gap={4} data-testid="provider-capabilities">
      <Text size="xs" c="dimmed">
        What {providerName} supports
      </Text>
      <Group
        gap={4}
        wrap="wrap"
        component="ul"
        style={{ listStyle: 'none', padding: 0, margin: 0 }}
        aria-label={`What ${providerName} supports`}
      >
        {capabilityLabels.map(([key, label]) => {
          const capability = capabilities[key];
          const supported = capability === true;
          const item = (
            <Group
              key={key}
              component="li"
              gap={3}
              wrap="nowrap"
              px={6}
              py={1}
              style={{ borderRadius: 'var(--mantine-radius-sm)', border: '1px solid var(--mantine-color-default-border)' }}
              data-testid="capability"
              data-capability={key}
              data-supported={supported}
              tabIndex={supported ? undefined : 0}
              aria-label={supported ? `${label}: supported` : `${label}: not supported. ${capability}`}
            >
              {supported ? (
                <IconCircleCheck size={14} color="var(--mantine-color-green-7)" aria-hidden />
              ) : (
                <IconCircleMinus size={14} color="var(--mantine-color-gray-5)" aria-hidden />
              )}
              <Text size="xs" c={supported ? undefined : 'dimmed'}>
                {label}
              </Text>
            </Group>
          );
          return supported ? (
            item
          ) : (
            <Tooltip key={key} label={capability} multiline w={320} withArrow>
              {item}
            </Tooltip>
          );
        })}
      </Group>
      {missing.length > 0 && (
        <>
          <DisclosureButton
            color="gray"
            style={{ alignSelf: 'flex-start' }}
            expanded={expanded}
            onToggle={() => setExpanded((e) => !e)}
            controls={panelId}
            testId="capabilities-toggle"
          >
            What this provider cannot do ({missing.length})
          </DisclosureButton>
          <Collapse expanded={expanded} id={panelId} keepMounted={false}>
            <List
              size="xs"
              spacing={4}
              data-testid="capability-reasons"
              icon={<IconCircleMinus size={14} color="var(--mantine-color-gray-5)" />}
              center
            >
              {missing.map(([key, label]) => (
                <List.Item key={key} data-capability={key}>
                  <Text span size="xs" fw={600}>
                    {label}:
                  </Text>{' '}
                  <Text span size="xs">
                    {capabilities[key]}
                  </Text>
                </List.Item>
              ))}
            </List>
          </Collapse>
        </>
      )}
    </Stack>
  );
}
