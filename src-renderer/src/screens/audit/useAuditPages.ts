import { keepPreviousData } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { AuditEvent } from '@shared/contract';
import { useApiPages } from '../../api/queries';
import { isIsoDate } from '../../lib/time';

const pageSize = 100;

export interface AuditFilters {
  action: string;
  subject: string;
  actor: string;
  from: string;
  to: string;
}

export const emptyAuditFilters: AuditFilters = { action: '', subject: '', actor: '', from: '', to: '' };

/** Which trail the Audit log shows: in a team workspace the team's or this desktop's own; absent on a desk of its own. */
export type AuditTrailChoice = 'team' | 'desktop' | undefined;

function toInput(filters: AuditFilters, trail: AuditTrailChoice) {
  return {
    limit: pageSize,
    ...(trail ? { trail } : {}),
    ...(filters.action.trim() ? { action: filters.action.trim() } : {}),
    ...(filters.subject.trim() ? { subject: filters.subject.trim() } : {}),
    ...(filters.actor.trim() ? { actor: filters.actor.trim() } : {}),
    ...(isIsoDate(filters.from) ? { from: filters.from } : {}),
    ...(isIsoDate(filters.to) ? { to: filters.to } : {}),
  };
}

/**
 * The audit trail, newest first, 100 events a page (older pages by beforeSeq). On a change TanStack refetches
 * the loaded pages from the newest, so new events join at the top and no event shows twice.
 */
export function useAuditPages(filters: AuditFilters, trail: AuditTrailChoice) {
  const input = toInput(filters, trail);
  const query = useApiPages(
    'audit.list',
    input,
    {
      withPage: (beforeSeq: number | undefined) => ({ ...input, ...(beforeSeq !== undefined ? { beforeSeq } : {}) }),
      next: (last) => (last.length === pageSize ? last[last.length - 1]?.seq : undefined),
    },
    { placeholderData: keepPreviousData },
  );
  const events = useMemo(() => {
    const bySeq = new Map<number, AuditEvent>();
    for (const page of query.data?.pages ?? []) for (const e of page) bySeq.set(e.seq, e);
    return [...bySeq.values()].sort((x, y) => y.seq - x.seq);
  }, [query.data]);
  return { query, events };
}
