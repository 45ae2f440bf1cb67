import type { SearchFilters } from './search-filters.js';

/** What the 搜索 view shows; kept by the app so leaving the view and coming back finds it as it was. */
export interface SearchState {
  mode: 'text' | 'similar' | 'duplicates';
  text: string;
  sort: 'score' | 'date';
  /** The photo 以图搜图 started from. */
  similarTo: number | null;
  filters: SearchFilters;
}

export const INITIAL_SEARCH: SearchState = { mode: 'text', text: '', sort: 'score', similarTo: null, filters: {} };

/** The query with one time expression cut out where the core found it, spaces tidied. */
export function withoutChip(text: string, chip: { text: string; start: number }): string {
  const at = text.slice(chip.start, chip.start + chip.text.length) === chip.text ? chip.start : text.indexOf(chip.text);
  if (at < 0) return text;
  return `${text.slice(0, at)} ${text.slice(at + chip.text.length)}`.replace(/\s+/g, ' ').trim();
}
