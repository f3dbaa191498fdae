import { Fragment } from 'react';
import { formatAmountPieces } from '../lib/formatAmount';
import classes from './table.module.css';

/**
 * An exact amount that may wrap only after a thousands separator, so a huge one takes a second line rather than
 * overflowing its column or dialog; it is never cut off.
 */
export function AmountText({ amount, testId }: { amount: { minor: number | bigint; currency: string }; testId?: string }) {
  const pieces = formatAmountPieces(amount.minor, amount.currency);
  return (
    <span className={classes.amount} data-testid={testId}>
      {pieces.map((piece, i) => (
        <Fragment key={i}>
          {i > 0 && <wbr />}
          {piece}
        </Fragment>
      ))}
    </span>
  );
}
