import './progress-bar.css';

/** A thin bar; without a known fraction it shows motion instead of a false number. */
export function ProgressBar({ value, label }: { value: number | null; label: string }) {
  return (
    <div
      className="progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === null ? undefined : Math.round(value * 100)}
      data-indeterminate={value === null || undefined}
    >
      <div style={{ width: value === null ? undefined : `${Math.min(1, value) * 100}%` }} />
    </div>
  );
}
