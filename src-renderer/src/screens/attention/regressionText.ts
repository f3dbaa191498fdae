/**
 * A status that went backwards at the provider (PAID reported as PROCESSING again), in words: both statuses, the
 * provider's own words for each, and since when. Paydesk kept the final status; nothing was applied quietly.
 */
import type { StatusRegression } from '@shared/contract';
import { statusLabels } from '../../components/statusText';
import { formatDateTime } from '../../lib/time';

const withRaw = (label: string, raw: string | null) => (raw ? `${label} (“${raw}”)` : label);

export function regressionText(r: StatusRegression, providerName: string, when: (iso: string) => string = formatDateTime): string {
  const kept = withRaw(statusLabels[r.keptStatus], r.keptProviderStatus);
  const reported = withRaw(statusLabels[r.reportedStatus], r.reportedProviderStatus);
  const since =
    r.lastReportedAt && r.lastReportedAt !== r.firstReportedAt
      ? `since ${when(r.firstReportedAt)}, last ${when(r.lastReportedAt)}`
      : `since ${when(r.firstReportedAt)}`;
  return `Paydesk kept ${kept}; ${providerName} reports ${reported} ${since} (seen by the ${r.source}).`;
}
