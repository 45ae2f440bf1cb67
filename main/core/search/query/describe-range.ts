import type { Lang } from '../../i18n/locale.js';
import type { DateRange } from './date-range.js';
import { parseIsoDate } from './local-date.js';

export const EN_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'] as const;

/**
 * A range as people write it, naming the shared year and month once:
 * zh 2025年6月1日–8月31日, 2025年6月1日–7日, 2025年12月1日–2026年2月28日;
 * en Jun 1 – Aug 31, 2025, Jun 1 – 7, 2025, Dec 1, 2025 – Feb 28, 2026.
 */
export function describeRange(range: DateRange, lang: Lang): string {
  const a = parseIsoDate(range.from);
  const b = parseIsoDate(range.to);
  const sameYear = a.year === b.year;
  const sameMonth = sameYear && a.month === b.month;
  const sameDay = sameMonth && a.day === b.day;
  if (lang === 'zh') {
    const start = `${a.year}年${a.month}月${a.day}日`;
    if (sameDay) return start;
    const end = sameMonth ? `${b.day}日` : sameYear ? `${b.month}月${b.day}日` : `${b.year}年${b.month}月${b.day}日`;
    return `${start}–${end}`;
  }
  const mon = (m: number) => EN_MONTHS[m - 1] ?? '?';
  if (sameDay) return `${mon(a.month)} ${a.day}, ${a.year}`;
  if (sameMonth) return `${mon(a.month)} ${a.day} – ${b.day}, ${a.year}`;
  if (sameYear) return `${mon(a.month)} ${a.day} – ${mon(b.month)} ${b.day}, ${a.year}`;
  return `${mon(a.month)} ${a.day}, ${a.year} – ${mon(b.month)} ${b.day}, ${b.year}`;
}
