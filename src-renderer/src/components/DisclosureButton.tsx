import type { ReactNode } from 'react';
import { Button, type ButtonProps } from '@mantine/core';
import { IconChevronDown, IconChevronRight } from '@tabler/icons-react';

/** The quiet button that shows or hides the details below it; its chevron points down while they show. */
export function DisclosureButton({
  expanded,
  onToggle,
  controls,
  testId,
  children,
  ...style
}: Pick<ButtonProps, 'color' | 'size' | 'w' | 'style'> & {
  expanded: boolean;
  onToggle: () => void;
  /** The id of the panel it shows, for assistive technology. */
  controls?: string;
  testId?: string;
  children: ReactNode;
}) {
  return (
    <Button
      variant="subtle"
      size="compact-xs"
      {...style}
      leftSection={expanded ? <IconChevronDown size={14} /> : <IconChevronRight size={14} />}
      onClick={onToggle}
      aria-expanded={expanded}
      aria-controls={controls}
      data-testid={testId}
    >
      {children}
    </Button>
  );
}
