import type { ReactNode } from 'react';
import './view-header.css';

/** The title line every view starts with; `children` go to its right (counts, switches, actions). */
export function ViewHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <header className="view-header">
      <h1>{title}</h1>
      <div className="view-header-side">{children}</div>
    </header>
  );
}
