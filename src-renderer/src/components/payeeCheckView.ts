/**
 * How a payee check (does this account belong to this name?) reads for the approver: a tone, a title and the facts.
 * Main decides what it means (PayeeCheck.effect: no match blocks by default, not possible warns); this only words it.
 */
import type { PayeeCheck } from '@shared/contract';

export interface PayeeCheckView {
  color: 'green' | 'yellow' | 'red' | 'gray' | 'orange';
  title: string;
  /** One line each, in order: what was checked, what the bank holds, when, outdated, main's message. */
  lines: string[];
  /** The bank's name to show and offer (a close match), else null. */
  bankName: string | null;
}

const titles: Record<PayeeCheck['status'], string> = {
  match: 'Payee check: the name matches',
  close_match: 'Payee check: close match',
  no_match: 'Payee check: no match',
  not_possible: 'Payee check: not possible',
  error: 'Payee check: could not run',
  unchecked: 'Payee check: not run yet',
};

export function payeeCheckView(check: PayeeCheck, formatWhen: (iso: string) => string): PayeeCheckView {
  const color: PayeeCheckView['color'] =
    check.effect === 'block'
      ? 'red'
      : check.status === 'match' && !check.outdated
        ? 'green'
        : check.status === 'unchecked'
          ? 'gray'
          : check.effect === 'warn' || check.status === 'close_match' || check.outdated
            ? 'yellow'
            : check.status === 'error'
              ? 'orange'
              : 'green';
  const bankName = check.status === 'close_match' ? check.matchedName : null;
  const lines = [
    check.checkedName ? `Name checked: ${check.checkedName}` : null,
    bankName ? `Name the bank holds: ${bankName}` : null,
    check.at ? `Checked ${formatWhen(check.at)}` : null,
    check.outdated ? 'Outdated: the draft changed or the check is older than the policy allows; it runs again before sending.' : null,
    check.message,
    check.details && check.details !== check.message ? check.details : null,
  ].filter((l): l is string => Boolean(l));
  return { color, title: titles[check.status], lines, bankName };
}

/** A short badge for a table row: what the approver must notice first. */
export function payeeCheckBadge(check: PayeeCheck): { color: PayeeCheckView['color']; label: string } {
  const stale = check.outdated ? ' (outdated)' : '';
  switch (check.status) {
    case 'match':
      return { color: check.outdated ? 'yellow' : 'green', label: `Payee matches${stale}` };
    case 'close_match':
      return { color: 'yellow', label: check.matchedName ? `Close match: bank says “${check.matchedName}”` : 'Close match' };
    case 'no_match':
      return { color: check.effect === 'block' ? 'red' : 'yellow', label: check.effect === 'block' ? 'No match: blocked' : 'No match' };
    case 'not_possible':
      return { color: 'yellow', label: 'Payee check not possible' };
    case 'error':
      return { color: 'orange', label: 'Payee check failed to run' };
    case 'unchecked':
      return { color: 'gray', label: 'Payee not checked yet' };
  }
}

/** The checks of a selection the approver must read before approving: anything but a current match. */
export function checksToRead<T extends { id: number; check: PayeeCheck | null | undefined }>(items: T[]): Array<T & { check: PayeeCheck }> {
  return items.filter((i): i is T & { check: PayeeCheck } => Boolean(i.check) && !(i.check!.status === 'match' && !i.check!.outdated));
}
