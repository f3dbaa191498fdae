import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';

dayjs.extend(relativeTime);

export function fromNow(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const d = dayjs(iso);
  return d.isValid() ? d.fromNow() : iso;
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm') : iso;
}

export function formatDateTimeSeconds(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD HH:mm:ss') : iso;
}

/** Browsers' <input type="date"> yields YYYY-MM-DD, the format the API takes; anything else is rejected here. */
export function isIsoDate(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text) && dayjs(text, 'YYYY-MM-DD').isValid();
}
