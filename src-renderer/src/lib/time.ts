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

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const d = dayjs(iso);
  return d.isValid() ? d.format('YYYY-MM-DD') : iso;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = dayjs(iso);
  return d.isValid() ? d.format('HH:mm') : '';
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

/** Compact relative time for tables: "just now", "12 min ago", "5 h ago", "3 d ago", "3 mo ago", "2 y ago". */
export function fromNowShort(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const d = dayjs(iso);
  if (!d.isValid()) return iso;
  const minutes = Math.floor((now - d.valueOf()) / 60_000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  const days = Math.floor(hours / 24);
  const months = dayjs(now).diff(d, 'month');
  if (months < 1) return `${days} d ago`;
  if (months < 12) return `${months} mo ago`;
  return `${Math.floor(months / 12)} y ago`;
}
