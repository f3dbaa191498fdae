import type { Connection, SetAsideItem } from '@shared/contract';
import { formatDateTime } from '../../lib/time';

/** How many items the connection's last syncs set aside, per its resources' sync state. */
export function setAsideCount(connection: Pick<Connection, 'sync'>): number {
  return connection.sync.reduce((n, s) => n + s.setAside, 0);
}

/** "payouts · id po_123 · 2026-12-01 12:00: amount is not a whole number of cents" */
export function setAsideLine(item: Pick<SetAsideItem, 'resource' | 'remoteId' | 'reason' | 'at'>, when = formatDateTime): string {
  return `${item.resource}${item.remoteId ? ` · id ${item.remoteId}` : ''} · ${when(item.at)}: ${item.reason}`;
}
