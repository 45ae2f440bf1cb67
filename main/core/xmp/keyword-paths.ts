/**
 * How Xuntu names its tags in hierarchical keywords. Lightroom, digiKam and darktable all read
 * lr:hierarchicalSubject as '|'-separated paths; Xuntu's own live under one root, 'Xuntu|<set>|<label>', which is
 * what marks a keyword as Xuntu's to add and remove (no other record of what was exported is needed).
 */

export const XUNTU_ROOT = 'Xuntu';

/** A tag as written to a sidecar: the label's set and its name. */
export interface XuntuKeyword {
  set: string;
  label: string;
}

export function xuntuPath(keyword: XuntuKeyword): string {
  return `${XUNTU_ROOT}|${keyword.set}|${keyword.label}`;
}

export function isXuntuPath(path: string): boolean {
  return path.startsWith(`${XUNTU_ROOT}|`);
}

/**
 * The set and label of 'Xuntu|<set>|<label>'. The label is the last segment and the set is everything between, so a
 * set name holding '|' still reads back (Lightroom has no escape for '|'; a label holding one cannot round-trip).
 */
export function parseXuntuPath(path: string): XuntuKeyword | null {
  if (!isXuntuPath(path)) return null;
  const rest = path.slice(XUNTU_ROOT.length + 1);
  const cut = rest.lastIndexOf('|');
  if (cut <= 0 || cut === rest.length - 1) return null;
  return { set: rest.slice(0, cut), label: rest.slice(cut + 1) };
}

/** The segments of a hierarchical keyword 'A|B|C', empty ones dropped. */
export function pathSegments(path: string): string[] {
  return path.split('|').map((s) => s.trim()).filter((s) => s !== '');
}

/** The keyword a hierarchical path stands for: its last segment (Lightroom's own rule for dc:subject). */
export function pathLeaf(path: string): string | null {
  return pathSegments(path).at(-1) ?? null;
}
