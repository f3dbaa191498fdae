import type { HTMLAttributes, ReactNode } from 'react';
import classes from './table.module.css';

/**
 * One line of a table cell, styled as Mantine's `Text` of the same size but a plain element: a long table mounts
 * dozens of rows at a filter change or a search, each with five or six lines, and a Mantine component per line was
 * most of that render (docs/performance.md, "The UI").
 */
export function CellText({
  size = 'sm',
  dimmed = false,
  medium = false,
  mono = false,
  italic = false,
  truncate = false,
  className,
  children,
  ...rest
}: {
  size?: 'sm' | 'xs';
  dimmed?: boolean;
  medium?: boolean;
  mono?: boolean;
  italic?: boolean;
  truncate?: boolean;
  children: ReactNode;
} & HTMLAttributes<HTMLParagraphElement>) {
  const names = [
    classes.text,
    size === 'sm' ? classes.textSm : classes.textXs,
    dimmed && classes.dimmed,
    medium && classes.medium,
    mono && classes.mono,
    italic && classes.italic,
    truncate && classes.truncate,
    className,
  ];
  return (
    <p className={names.filter(Boolean).join(' ')} {...rest}>
      {children}
    </p>
  );
}
