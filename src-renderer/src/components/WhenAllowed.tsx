import type { ReactElement } from 'react';
import { Tooltip } from '@mantine/core';

/**
 * An action the signed-in operator's roles do not allow: shown disabled, with the one-line reason as its tooltip
 * (and as its accessible description). Main refuses the call anyway.
 */
export function WhenAllowed({ permission, children }: { permission: true | string; children: (disabled: boolean) => ReactElement }) {
  if (permission === true) return children(false);
  return (
    <Tooltip label={permission} multiline w={300}>
      <span data-testid="role-blocked" data-reason={permission} aria-label={permission}>
        {children(true)}
      </span>
    </Tooltip>
  );
}
