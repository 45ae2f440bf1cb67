import { Icon } from './icon.js';
import './chip.css';

/** A removable token, such as a time expression the search understood. */
export function Chip({ label, removeLabel, onRemove }: { label: string; removeLabel: string; onRemove(): void }) {
  return (
    <span className="chip">
      {label}
      <button type="button" aria-label={removeLabel} title={removeLabel} onClick={onRemove}>
        <Icon name="close" size={12} />
      </button>
    </span>
  );
}
