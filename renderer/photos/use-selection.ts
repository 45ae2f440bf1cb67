import { useCallback, useRef, useState } from 'react';
import type { GridPhoto } from '../../main/common/ipc-contract.js';

export interface Selection {
  selected: ReadonlySet<number>;
  onSelectClick(position: number, modifiers: { range: boolean; toggle: boolean }): void;
  clear(): void;
}

/**
 * Desktop multi-select by photo id (ids survive photos being added above while indexing): a click selects one,
 * Ctrl/⌘-click toggles, Shift-click takes everything from the last clicked photo, fetching photos not loaded yet.
 */
export function useSelection(photoAt: (position: number) => GridPhoto | undefined, range: (first: number, last: number) => Promise<GridPhoto[]>): Selection {
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const anchor = useRef(0);

  const onSelectClick = useCallback(
    (position: number, { range: extend, toggle }: { range: boolean; toggle: boolean }) => {
      const photo = photoAt(position);
      if (extend) {
        const [first, last] = [Math.min(anchor.current, position), Math.max(anchor.current, position)];
        void range(first, last).then((photos) =>
          setSelected((s) => new Set([...(toggle ? s : []), ...photos.map((p) => p.id)])),
        );
        return;
      }
      anchor.current = position;
      if (!photo) return;
      setSelected((s) => {
        if (!toggle) return new Set([photo.id]);
        const next = new Set(s);
        if (!next.delete(photo.id)) next.add(photo.id);
        return next;
      });
    },
    [photoAt, range],
  );

  const clear = useCallback(() => setSelected(new Set()), []);
  return { selected, onSelectClick, clear };
}
