import { useVirtualizer } from '@tanstack/react-virtual';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react';
import type { GridPhoto } from '../../main/common/ipc-contract.js';
import { gridRows, moveFocus } from './grid-rows.js';
import { PhotoTile } from './photo-tile.js';
import { TimelineScrubber, type ScrubberMark } from './timeline-scrubber.js';
import './photo-grid.css';

const TARGET_TILE = 176;
const GAP = 4;
const HEADER = 52;
const PADDING = 24;

export interface PhotoGridProps {
  /** Photos per group, in grid order; a group may be a month, a search's one list, a set of duplicates. */
  groups: readonly { count: number }[];
  header(group: number): ReactNode;
  photoAt(position: number): GridPhoto | undefined;
  /** Called with the positions on screen (plus overscan) so the owner can fetch them. */
  onVisibleRange?(first: number, last: number): void;
  selected: ReadonlySet<number>;
  onSelectClick(position: number, modifiers: { range: boolean; toggle: boolean }): void;
  onOpen(position: number): void;
  badge?(position: number): string | undefined;
  /** One mark per group for the year/month scrubber; none → no scrubber. */
  marks?: readonly ScrubberMark[];
  label: string;
}

/**
 * A virtualized grid of square tiles: rows are laid out from counts alone and only the rows on screen exist in the
 * DOM, so it scrolls the same at 100 photos and at 100,000. Arrow keys move a focus ring, Enter opens.
 */
export function PhotoGrid(props: PhotoGridProps) {
  const { groups, photoAt, onVisibleRange, selected, onSelectClick, onOpen, badge, marks } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [focus, setFocus] = useState(0);

  useLayoutEffect(() => {
    const el = scroller.current!;
    const observer = new ResizeObserver(() => setWidth(el.clientWidth - 2 * PADDING));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const columns = Math.max(1, Math.floor((width + GAP) / (TARGET_TILE + GAP)));
  const tile = width > 0 ? Math.floor((width - GAP * (columns - 1)) / columns) : TARGET_TILE;
  const layout = useMemo(() => gridRows(groups, columns), [groups, columns]);

  const virtualizer = useVirtualizer({
    count: layout.rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: (i) => (layout.rows[i]!.kind === 'header' ? HEADER : tile + GAP),
    overscan: 6,
    paddingStart: 8,
    paddingEnd: PADDING,
  });
  // Sizes are known exactly from the layout; re-measure when the column count or tile size changes them.
  useLayoutEffect(() => virtualizer.measure(), [virtualizer, layout, tile]);

  const items = virtualizer.getVirtualItems();
  const firstRow = items.find((i) => layout.rows[i.index]!.kind === 'photos');
  const lastRow = [...items].reverse().find((i) => layout.rows[i.index]!.kind === 'photos');
  const first = firstRow ? (layout.rows[firstRow.index] as { start: number }).start : -1;
  const lastItem = lastRow && (layout.rows[lastRow.index] as { start: number; count: number });
  const last = lastItem ? lastItem.start + lastItem.count - 1 : -1;
  useEffect(() => {
    if (first >= 0) onVisibleRange?.(first, last);
  }, [first, last, onVisibleRange]);

  const moveTo = (position: number) => {
    setFocus(position);
    virtualizer.scrollToIndex(layout.rowOfPhoto(position), { align: 'auto' });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (layout.total === 0) return;
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight' || e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const next = moveFocus(layout, Math.min(focus, layout.total - 1), e.key);
      moveTo(next);
      if (e.shiftKey) onSelectClick(next, { range: true, toggle: false });
    } else if (e.key === 'Enter') {
      e.preventDefault();
      onOpen(focus);
    } else if (e.key === ' ') {
      e.preventDefault();
      onSelectClick(focus, { range: e.shiftKey, toggle: true });
    }
  };

  // Stable, so a tile re-renders only when its own photo, selection or focus changes.
  const onTileClick = useCallback(
    (position: number, e: MouseEvent) => {
      setFocus(position);
      onSelectClick(position, { range: e.shiftKey, toggle: e.ctrlKey || e.metaKey });
    },
    [onSelectClick],
  );

  return (
    <div className="photo-grid">
      <div ref={scroller} className="photo-grid-scroller" role="listbox" aria-multiselectable="true" aria-label={props.label} tabIndex={0} onKeyDown={onKeyDown}>
        <div className="photo-grid-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {items.map((item) => {
            const row = layout.rows[item.index]!;
            return (
              <div key={item.key} className="photo-grid-row" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                {row.kind === 'header' ? (
                  <div className="photo-grid-header">{props.header(row.group)}</div>
                ) : (
                  Array.from({ length: row.count }, (_, i) => {
                    const position = row.start + i;
                    const photo = photoAt(position);
                    return (
                      <PhotoTile
                        key={position}
                        photo={photo}
                        position={position}
                        size={tile}
                        selected={photo !== undefined && selected.has(photo.id)}
                        focused={position === focus}
                        badge={badge?.(position)}
                        onClick={onTileClick}
                        onOpen={onOpen}
                      />
                    );
                  })
                )}
              </div>
            );
          })}
        </div>
      </div>
      {marks && marks.length > 1 && (
        <TimelineScrubber
          marks={marks}
          offsets={layout.headerRow.map((row) => virtualizer.measurementsCache[row]?.start ?? 0)}
          totalSize={virtualizer.getTotalSize()}
          onScrub={(offset) => virtualizer.scrollToOffset(offset)}
        />
      )}
    </div>
  );
}
