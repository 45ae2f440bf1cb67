import { memo, type MouseEvent } from 'react';
import type { GridPhoto } from '../../main/common/ipc-contract.js';
import { api } from '../api/index.js';
import { Icon } from '../components/icon.js';
import './photo-tile.css';

interface PhotoTileProps {
  photo: GridPhoto | undefined;
  position: number;
  size: number;
  selected: boolean;
  focused: boolean;
  /** Shown in the corner (a search score, 「保留」 in a duplicate group). */
  badge?: string | undefined;
  onClick(position: number, event: MouseEvent): void;
  onOpen(position: number): void;
}

/** One square cell; a photo not fetched yet is a quiet placeholder of the same size, so nothing jumps. */
export const PhotoTile = memo(function PhotoTile({ photo, position, size, selected, focused, badge, onClick, onOpen }: PhotoTileProps) {
  return (
    <div
      role="option"
      aria-selected={selected}
      className="photo-tile"
      data-focused={focused || undefined}
      data-missing={photo?.status === 'missing' || undefined}
      data-photo-id={photo?.id}
      style={{ width: size, height: size }}
      onClick={(e) => onClick(position, e)}
      onDoubleClick={() => onOpen(position)}
    >
      {photo && <img src={api.mediaUrl('grid', photo.hash)} alt="" draggable={false} decoding="async" />}
      {selected && (
        <span className="photo-tile-check">
          <Icon name="check" size={14} />
        </span>
      )}
      {badge && <span className="photo-tile-badge">{badge}</span>}
    </div>
  );
});
