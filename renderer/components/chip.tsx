import { Icon } from './icon.js';
import './chip.css';

interface ChipProps {
  label: string;
  /** The full text where the label is shortened (a folder's path). */
  title?: string;
  removeLabel: string;
  onRemove(): void;
}

/** A removable token, such as a time expression the search understood. */
export function Chip({ label, title, removeLabel, onRemove }: ChipProps) {
  return (
    <span className="chip" title={title}>
      {label}
      <button type="button" aria-label={removeLabel} title={removeLabel} onClick={onRemove}>
        <Icon name="close" size={12} />
      </button>
    </span>
  );
}
