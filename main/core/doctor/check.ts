export type FindingCode =
  | 'DB_INTEGRITY'
  | 'DB_FOREIGN_KEYS'
  | 'ACTIVE_MODEL_UNREADABLE'
  | 'MISSING_THUMBNAILS'
  | 'MISSING_PREVIEWS'
  | 'ORPHAN_THUMBNAILS'
  | 'TEMP_FILES'
  | 'ORPHAN_VECTORS'
  | 'STALE_TEXT_EMBEDDINGS'
  | 'STALE_INDEX_ERRORS';

/** One thing the doctor looks at: what it found and, when there is a safe fix, how to apply it. */
export interface Check {
  code: FindingCode;
  count: number;
  examples: string[];
  repair?: () => void | Promise<void>;
}

/** How many of a finding's paths or ids a report lists. */
export const EXAMPLES = 5;

/** Findings that --repair never fixes: they say what the user can do instead. */
export type UnrepairableCode = 'DB_INTEGRITY' | 'DB_FOREIGN_KEYS' | 'ACTIVE_MODEL_UNREADABLE';
export type RepairableCode = Exclude<FindingCode, UnrepairableCode>;
