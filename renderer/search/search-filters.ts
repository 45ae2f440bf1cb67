import type { RequestOf } from '../../main/common/ipc-contract.js';

/** The filter bar's choices, sent with every text and similar-photo search; they outlive edits of the query. */
export interface SearchFilters {
  /** 'YYYY-MM' or 'YYYY-MM-DD', inclusive, as the contract takes them. */
  from?: string;
  to?: string;
  folder?: string;
  labelIds?: readonly number[];
  camera?: string;
}

export type DatePrecision = 'month' | 'day';

/** The request fields for the filters set; an emptied tag list is left out (the contract wants at least one). */
export function filterFields(filters: SearchFilters): Pick<RequestOf<'search.text'>, 'from' | 'to' | 'folder' | 'labelIds' | 'camera'> {
  const { from, to, folder, labelIds, camera } = filters;
  return { from, to, folder, camera, labelIds: labelIds?.length ? [...labelIds] : undefined };
}

/** Day precision when a bound already names a day, so reopening the view shows the inputs it was set with. */
export function precisionOf(filters: SearchFilters): DatePrecision {
  return filters.from?.length === 10 || filters.to?.length === 10 ? 'day' : 'month';
}

/**
 * A bound moved to another precision without changing what it covers where it can: a month start becomes its first
 * day, a month end its last day, and a day becomes its month (widening it, the only way a month input can show it).
 */
export function atPrecision(bound: string | undefined, precision: DatePrecision, end: boolean): string | undefined {
  if (bound === undefined) return undefined;
  if (precision === 'month') return bound.slice(0, 7);
  if (bound.length === 10) return bound;
  if (!end) return `${bound}-01`;
  const [year, month] = bound.split('-').map(Number) as [number, number];
  // Day 0 of the next month is this month's last day.
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${bound}-${String(last).padStart(2, '0')}`;
}

/** The contract's absolute-path rule (POSIX, a Windows drive or a UNC share), checked before a typed folder is used. */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** The folder's own name, for a chip short enough to sit in a row; the full path goes in its tooltip. */
export function folderName(path: string): string {
  return path.replace(/[\\/]+$/, '').split(/[\\/]/).pop() || path;
}
