import { XuntuError } from '../../errors.js';
import { standaloneTailRule, yearRule } from './calendar-rules.js';
import { intersectRanges, isSupportedRange, type DateRange } from './date-range.js';
import { stripGlueAfterTime, stripGlueBeforeTime } from './glue-particles.js';
import { localDateOf, type LocalDate } from './local-date.js';
import { findNonTimeWords, type Span } from './non-time-words.js';
import { numericDateRule } from './numeric-date-rule.js';
import { agoRule, relativeWordRule, rollingRule } from './relative-rules.js';
import type { Label } from './time-labels.js';
import type { TimeFilterKind, TimeRule } from './time-rule.js';
import { weekRule } from './week-rules.js';

export type { DateRange } from './date-range.js';
export type { TimeFilterKind } from './time-rule.js';
export { describeRange } from './describe-range.js';

export interface TimeFilter {
  range: DateRange;
  /** Exactly the characters consumed, e.g. '去年夏天'. */
  text: string;
  /** Where `text` starts in the query (UTF-16 offset), so a removed chip takes out this occurrence and no other. */
  start: number;
  /** A short label for a removable chip, naming what the expression resolved to (去年 → 2025年). */
  label: Label;
  kind: TimeFilterKind;
}

export interface ParsedQuery {
  /**
   * What is left for CLIP: the query without its time expressions and without the particles that only glued them
   * in (的, 在, 时, 拍的 …), trimmed, runs of whitespace and the gaps where expressions were collapsed to one space.
   */
  text: string;
  filters: TimeFilter[];
  /**
   * The days every filter allows. null when there are no filters, and also when the filters share no day
   * (「2023年 2024年」); callers tell the two apart by `filters.length` and should then find nothing.
   */
  range: DateRange | null;
}

// Tried at every position: the longest match wins, ties go to the earlier rule.
const RULES: readonly TimeRule[] = [
  yearRule, numericDateRule, standaloneTailRule, relativeWordRule, agoRule, rollingRule, weekRule,
];

/**
 * Splits a search query into Chinese time expressions, which become date filters, and the rest, which is searched
 * by image content: 「去年夏天在海边」 is the summer of last year plus 「海边」. `now` is the user's local now; all
 * dates are local calendar days. Supported wording and the ambiguity rules are documented beside each table.
 */
export function parseTimeQuery(query: string, now: Date): ParsedQuery {
  if (Number.isNaN(now.getTime())) throw new XuntuError('INVALID_DATE', 'parseTimeQuery needs a valid current date');
  const filters = findTimeFilters(query, localDateOf(now));
  return { text: remainingText(query, filters), filters, range: intersectRanges(filters.map((f) => f.range)) };
}

function findTimeFilters(query: string, today: LocalDate): TimeFilter[] {
  const guarded = findNonTimeWords(query);
  const filters: TimeFilter[] = [];
  for (let i = 0; i < query.length; ) {
    const found = longestMatch(query, i, today, guarded);
    if (found) {
      filters.push(found);
      i += found.text.length;
    } else {
      // A guarded word no expression covered is skipped whole, so nothing can start inside it either.
      i = guarded.find((w) => w.start === i)?.end ?? i + 1;
    }
  }
  return filters;
}

function longestMatch(
  query: string, start: number, today: LocalDate, guarded: readonly Span[],
): TimeFilter | undefined {
  let best: TimeFilter | undefined;
  for (const rule of RULES) {
    const found = matchAt(rule, query, start, today, guarded);
    if (found && (!best || found.text.length > best.text.length)) best = found;
  }
  return best;
}

/**
 * The rule's match at `start`. A match may take in a guarded word whole (过去一年) but not end inside one: it is
 * then retried on the text before that word, so 「去年五月天」 still yields 去年.
 */
function matchAt(
  rule: TimeRule, query: string, start: number, today: LocalDate, guarded: readonly Span[],
): TimeFilter | undefined {
  let subject = query;
  for (;;) {
    rule.pattern.lastIndex = start;
    const match = rule.pattern.exec(subject);
    if (!match) return undefined;
    const end = start + match[0].length;
    const cut = guarded.find((w) => w.start < end && end < w.end);
    if (cut) {
      if (cut.start <= start) return undefined;
      subject = query.slice(0, cut.start);
      continue;
    }
    const meaning = rule.resolve(match.groups ?? {}, today);
    return meaning && isSupportedRange(meaning.range) ? { ...meaning, text: match[0], start } : undefined;
  }
}

function remainingText(query: string, filters: readonly TimeFilter[]): string {
  const pieces: string[] = [];
  let from = 0;
  for (const [k, filter] of filters.entries()) {
    const piece = query.slice(from, filter.start);
    pieces.push(stripGlueBeforeTime(k > 0 ? stripGlueAfterTime(piece) : piece));
    from = filter.start + filter.text.length;
  }
  const last = query.slice(from);
  pieces.push(filters.length > 0 ? stripGlueAfterTime(last) : last);
  return pieces.join(' ').replace(/\s+/g, ' ').trim();
}
