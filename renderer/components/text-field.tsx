import type { InputHTMLAttributes } from 'react';
import './text-field.css';

/** A labelled input; the label sits above so long Chinese and English labels both fit. */
export function TextField({ label, ...input }: { label: string } & InputHTMLAttributes<HTMLInputElement>) {
  return (
    <label className="text-field">
      <span>{label}</span>
      <input {...input} />
    </label>
  );
}
