export type GridRow =
  | { kind: 'header'; group: number }
  | { kind: 'photos'; group: number; start: number; count: number };

export interface GridRows {
  rows: GridRow[];
  /** Row index of each group's header, for the scrubber. */
  headerRow: number[];
  /** Photos in all groups. */
  total: number;
  /** Row index of the photo at a position in the whole timeline. */
  rowOfPhoto(position: number): number;
}

/**
 * Lays groups of photos (months of the timeline, sets of duplicates) out as rows: a header per group, then rows of
 * `columns` photos. Only counts are needed, not the photos, so 100,000 photos cost a few thousand small objects and
 * the photos themselves are fetched only where visible.
 */
export function gridRows(groups: readonly { count: number }[], columns: number): GridRows {
  const rows: GridRow[] = [];
  const headerRow: number[] = [];
  const firstPhotoRow: number[] = [];
  const groupStarts: number[] = [];
  let start = 0;
  groups.forEach((g, group) => {
    groupStarts.push(start);
    headerRow.push(rows.length);
    rows.push({ kind: 'header', group });
    firstPhotoRow.push(rows.length);
    for (let i = 0; i < g.count; i += columns) rows.push({ kind: 'photos', group, start: start + i, count: Math.min(columns, g.count - i) });
    start += g.count;
  });
  return {
    rows,
    headerRow,
    total: start,
    rowOfPhoto(position) {
      // Binary search for the group, then the row inside it is arithmetic.
      let lo = 0;
      let hi = groupStarts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (groupStarts[mid]! <= position) lo = mid;
        else hi = mid - 1;
      }
      return firstPhotoRow[lo]! + Math.floor((position - groupStarts[lo]!) / columns);
    },
  };
}

/** The photo an arrow key moves to: left/right step through the timeline, up/down keep the column across months. */
export function moveFocus(layout: GridRows, position: number, key: 'ArrowLeft' | 'ArrowRight' | 'ArrowUp' | 'ArrowDown'): number {
  if (layout.total === 0) return 0;
  if (key === 'ArrowLeft') return Math.max(0, position - 1);
  if (key === 'ArrowRight') return Math.min(layout.total - 1, position + 1);
  const rowIndex = layout.rowOfPhoto(position);
  const row = layout.rows[rowIndex] as Extract<GridRow, { kind: 'photos' }>;
  const column = position - row.start;
  const step = key === 'ArrowUp' ? -1 : 1;
  for (let r = rowIndex + step; r >= 0 && r < layout.rows.length; r += step) {
    const target = layout.rows[r]!;
    if (target.kind === 'photos') return target.start + Math.min(column, target.count - 1);
  }
  return position;
}
