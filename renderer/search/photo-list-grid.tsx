import { useCallback, type ReactNode } from 'react';
import type { GridPhoto } from '../../main/common/ipc-contract.js';
import { PhotoGrid } from '../photos/photo-grid.js';
import { useSelection } from '../photos/use-selection.js';
import { viewerTarget, type ViewerTarget } from '../viewer/viewer-target.js';

interface PhotoListGridProps {
  /** Every photo, already in hand (search answers and duplicate groups are bounded). */
  photos: readonly GridPhoto[];
  groups: readonly { count: number }[];
  header(group: number): ReactNode;
  badge?(position: number): string | undefined;
  onOpen(target: ViewerTarget): void;
  label: string;
}

/** The photo grid over a list the view already holds, as opposed to the library's paged timeline. */
export function PhotoListGrid({ photos, groups, header, badge, onOpen, label }: PhotoListGridProps) {
  const photoAt = useCallback((position: number) => photos[position], [photos]);
  const range = useCallback(async (first: number, last: number) => photos.slice(first, last + 1), [photos]);
  const selection = useSelection(photoAt, range);
  const open = useCallback(
    (position: number) => {
      const target = viewerTarget((p) => photos[p]?.id, position);
      if (target) onOpen(target);
    },
    [photos, onOpen],
  );
  return (
    <PhotoGrid
      label={label}
      groups={groups}
      header={header}
      photoAt={photoAt}
      selected={selection.selected}
      onSelectClick={selection.onSelectClick}
      onOpen={open}
      badge={badge}
    />
  );
}
