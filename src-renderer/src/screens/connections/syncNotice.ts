import { syncResources } from '@shared/contract/model';
import type { SyncNotice } from '../../stores/syncStore';

/** What a finished run fetched, and what it set aside. */
export function noticeText(notice: Pick<SyncNotice, 'fetched' | 'setAside'>): string {
  const parts = syncResources.flatMap((r) => {
    const n = notice.fetched[r];
    return n === undefined ? [] : [`${n.toLocaleString()} ${r}`];
  });
  const list = parts.length === 1 ? parts[0] : `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
  const fetched = parts.length ? `Fetched ${list}.` : 'Nothing new to fetch.';
  return notice.setAside > 0 ? `${fetched} ${setAsideText(notice.setAside)}` : fetched;
}

/** "2 items could not be stored and were set aside; they are listed on the connection with the reason." */
export function setAsideText(count: number): string {
  return `${count.toLocaleString()} item${count === 1 ? '' : 's'} could not be stored and ${count === 1 ? 'was' : 'were'} set aside; the rest was stored. See “Set aside” on the connection for the reason.`;
}
