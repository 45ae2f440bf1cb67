/** Line icons drawn on a 24-unit grid; stroke follows the text colour. */
const PATHS = {
  library: 'M4 5h16v14H4z M4 15l4-4 4 4 3-3 5 5 M15 9.5a1.5 1.5 0 1 0 0 .01',
  search: 'M10.5 4a6.5 6.5 0 1 1 0 13 6.5 6.5 0 0 1 0-13z M15.5 15.5 20 20',
  indexing: 'M4 12a8 8 0 0 1 14-5.3 M20 4v5h-5 M20 12a8 8 0 0 1-14 5.3 M4 20v-5h5',
  settings: 'M4 7h10 M18 7h2 M16 5v4 M4 17h2 M10 17h10 M8 15v4',
  close: 'M6 6l12 12 M18 6 6 18',
  folder: 'M3 7a2 2 0 0 1 2-2h4l2 2h8a2 2 0 0 1 2 2v8a2 2 0 0 1-2 2H5a2 2 0 0 1-2-2z',
  similar: 'M4 4h7v7H4z M13 13h7v7h-7z M14 4h6v6 M4 14v6h6',
  check: 'M5 12.5 10 17l9-10',
  chevronLeft: 'M15 5l-7 7 7 7',
  chevronRight: 'M9 5l7 7-7 7',
  duplicates: 'M8 8h12v12H8z M4 16V4h12',
  review: 'M12 3a9 9 0 1 1 0 18 9 9 0 0 1 0-18z M8 12.5l3 3 5-6',
  tags: 'M3 12V4h8l10 10-8 8z M7.5 7.5h.01',
} as const;

export type IconName = keyof typeof PATHS;

export function Icon({ name, size = 18 }: { name: IconName; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.7} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true">
      <path d={PATHS[name]} />
    </svg>
  );
}
