import type { DateRange } from './date-range.js';
import type { LocalDate } from './local-date.js';
import type { Label } from './time-labels.js';

export type TimeFilterKind = 'absolute' | 'relative' | 'season' | 'festival' | 'weekday';

/** What a time expression means, before the scanner attaches where it was found. */
export interface TimeMeaning {
  range: DateRange;
  label: Label;
  kind: TimeFilterKind;
}

export type Groups = Readonly<Partial<Record<string, string>>>;

export interface TimeRule {
  /** Sticky, so the rule only ever matches exactly where the scanner stands. */
  readonly pattern: RegExp;
  /** undefined when the text has the right shape but names no real date (2月30日, 十三月). */
  resolve(groups: Groups, today: LocalDate): TimeMeaning | undefined;
}

export function timeRule(source: string, resolve: TimeRule['resolve']): TimeRule {
  return { pattern: new RegExp(source, 'y'), resolve };
}

/** A regex alternation of literal words, longest first so 国庆节 is taken whole rather than as 国庆 plus 节. */
export function wordsPattern(words: Iterable<string>): string {
  return [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');
}
