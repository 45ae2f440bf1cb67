import { z } from 'zod';
import { XuntuError } from '../errors.js';
import type { LabelDefinition, LabelSetDefinition } from './label-set.js';

/** A set is scored as one matrix product per photo; past this many labels it is a vocabulary, not a label set. */
export const MAX_LABELS = 1000;
/** Names and phrasings are dropped into prompt templates of a 52-token text tower; longer ones would be cut off. */
export const MAX_NAME_LENGTH = 64;
export const MAX_DESCRIPTION_LENGTH = 2000;

/** Where a value sits in a label set: ['labels', 3, 'threshold']. */
export type FieldPath = (string | number)[];

export interface LabelSetIssue {
  path: FieldPath;
  /** The path as a user reads it: `labels[3].threshold`; '' for the file as a whole. */
  field: string;
  /** In English, without the field: "must be between -1 and 1 (got 2)". */
  message: string;
  /** 1-based position in the file, when the set came from one. */
  line: number | null;
  column: number | null;
}

/** A label set that failed validation; `issues` lists every problem found, in file order, for the editor to mark. */
export class LabelSetError extends XuntuError {
  constructor(
    readonly source: string,
    readonly issues: LabelSetIssue[],
  ) {
    super('LABEL_SET_INVALID', describeIssues(source, issues));
    this.name = 'LabelSetError';
  }
}

const SHOWN_ISSUES = 10;

function describeIssues(source: string, issues: LabelSetIssue[]): string {
  const lines = issues.slice(0, SHOWN_ISSUES).map((i) => {
    const at = i.line === null ? source : `${source}:${i.line}:${i.column}`;
    return `${at}: ${i.field ? `${i.field}: ` : ''}${i.message}`;
  });
  if (issues.length > SHOWN_ISSUES) lines.push(`…and ${issues.length - SHOWN_ISSUES} more`);
  return lines.length === 1 ? lines[0]! : `${issues.length} problems:\n${lines.map((l) => `  ${l}`).join('\n')}`;
}

export function fieldName(path: FieldPath): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

/** How names are compared and stored: trimmed, NFC (a 「猫」 typed on macOS and on Windows must be the same label). */
export function normaliseName(name: string): string {
  return name.normalize('NFC').trim();
}

function describeValue(input: unknown): string {
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'a list';
  if (typeof input === 'object') return 'a mapping';
  if (typeof input === 'string') return `text "${input}"`;
  return `${typeof input} ${String(input)}`;
}

const expected = (what: string) => (iss: { input?: unknown }) =>
  iss.input === undefined ? 'is required' : `must be ${what}, not ${describeValue(iss.input)}`;

const outOfRange = (iss: { input?: unknown }) => `must be between -1 and 1, not ${String(iss.input)}`;

// '/' separates set and label in `集合/标签` references and '|' the levels of XMP hierarchical keywords.
const SEPARATORS = /[/|]/;
const CONTROL = /[\u0000-\u001f\u007f]/;

const nameSchema = (what: string, maxLength = MAX_NAME_LENGTH) =>
  z
    .string({ error: expected(what) })
    .normalize('NFC')
    .trim()
    .min(1, 'must not be empty')
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine((s) => !CONTROL.test(s), 'must be a single line without control characters');

const labelName = nameSchema('text').refine((s) => !SEPARATORS.test(s), 'must not contain / or | (they separate set, label and keyword levels)');

const labelSchema = z.preprocess(
  // The simplest file lists labels as plain strings.
  (v) => (typeof v === 'string' ? { name: v } : v),
  z.strictObject(
    {
      name: labelName,
      phrasings: z.array(nameSchema('text'), { error: expected('a list of text') }).default([]),
      exclusions: z.array(nameSchema('text'), { error: expected('a list of text') }).default([]),
      threshold: z
        .number({ error: expected('a number between -1 and 1') })
        .min(-1, { error: outOfRange })
        .max(1, { error: outOfRange })
        // JSON cannot write -0, so -0 is stored as the 0 it means.
        .transform((t) => (Object.is(t, -0) ? 0 : t))
        .nullable()
        .default(null),
    },
    { error: expected('a label name or a mapping with name, phrasings, exclusions, threshold') },
  ),
);

const labelSetSchema = z.strictObject(
  {
    name: labelName,
    description: z
      .string({ error: expected('text') })
      .trim()
      .max(MAX_DESCRIPTION_LENGTH, `must be at most ${MAX_DESCRIPTION_LENGTH} characters`)
      .nullable()
      .default(null)
      .transform((s) => (s ? s.normalize('NFC') : null)),
    exclusive: z.boolean({ error: expected('true or false') }).default(false),
    labels: z
      .array(labelSchema, { error: expected('a list of labels') })
      .min(1, 'must hold at least one label')
      .max(MAX_LABELS, { error: (iss) => `holds ${(iss.input as unknown[]).length} labels; at most ${MAX_LABELS} are allowed` }),
  },
  { error: expected('a mapping with name and labels') },
);

const ALLOWED_KEYS: Record<string, readonly string[]> = {
  set: ['name', 'description', 'exclusive', 'labels'],
  label: ['name', 'phrasings', 'exclusions', 'threshold'],
};

/** A problem before it is placed in a file. `atKey`: point at the key (an unknown field), not its value. */
export interface RawIssue {
  path: FieldPath;
  message: string;
  atKey?: boolean;
}

export type LabelSetCheck = { ok: true; value: LabelSetDefinition } | { ok: false; issues: RawIssue[] };

/** Validates and normalises a label set from any source (a parsed file, the editor, the IPC boundary). */
export function checkLabelSet(value: unknown): LabelSetCheck {
  if (value === null || value === undefined) return { ok: false, issues: [{ path: [], message: 'is empty; write a name: and a list of labels:' }] };
  const parsed = labelSetSchema.safeParse(value);
  if (!parsed.success) return { ok: false, issues: parsed.error.issues.flatMap(rawIssues) };
  const set = { ...parsed.data, labels: parsed.data.labels.map(dedupePhrasings) };
  const issues = duplicateIssues(set);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, value: set };
}

/** checkLabelSet for values that have no file positions; throws LabelSetError. */
export function validateLabelSet(value: unknown, source = 'label set'): LabelSetDefinition {
  const checked = checkLabelSet(value);
  if (checked.ok) return checked.value;
  throw new LabelSetError(
    source,
    checked.issues.map((i) => ({ path: i.path, field: fieldName(i.path), message: i.message, line: null, column: null })),
  );
}

function rawIssues(issue: z.core.$ZodIssue): RawIssue[] {
  const path = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
  if (issue.code !== 'unrecognized_keys') return [{ path, message: issue.message }];
  const allowed = ALLOWED_KEYS[path.length === 0 ? 'set' : 'label']!;
  return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field (allowed: ${allowed.join(', ')})`, atKey: true }));
}

/** Repeating a phrasing (or the name) within one label changes nothing, so it is dropped rather than refused. */
function dedupePhrasings(label: LabelDefinition): LabelDefinition {
  const seen = new Set([dupKey(label.name)]);
  const phrasings: string[] = [];
  for (const p of label.phrasings) {
    if (seen.has(dupKey(p))) continue;
    seen.add(dupKey(p));
    phrasings.push(p);
  }
  return { ...label, phrasings, exclusions: [...new Set(label.exclusions)] };
}

// The Chinese-CLIP tokenizer lower-cases, so 「Cat」 and 「cat」 would be one prompt under two labels.
const dupKey = (s: string) => s.toLowerCase();

/**
 * Names and phrasings are how a label is found (`xuntu confirm 猫咪 …`) and what it is scored from: one phrasing under
 * two labels would make them compete for the same photos. An exclusion that is also the label's own phrasing
 * would exclude every photo the label matches.
 */
function duplicateIssues(set: LabelSetDefinition): RawIssue[] {
  const issues: RawIssue[] = [];
  const owner = new Map<string, { index: number; name: string }>();
  const claim = (text: string, index: number, path: FieldPath) => {
    const prior = owner.get(dupKey(text));
    if (prior === undefined) owner.set(dupKey(text), { index, name: set.labels[index]!.name });
    else if (prior.index !== index) {
      issues.push({ path, message: `"${text}" duplicates labels[${prior.index}] ("${prior.name}")` });
    }
  };
  set.labels.forEach((label, i) => claim(label.name, i, ['labels', i, 'name']));
  set.labels.forEach((label, i) => label.phrasings.forEach((p, j) => claim(p, i, ['labels', i, 'phrasings', j])));
  set.labels.forEach((label, i) => {
    const own = new Set([label.name, ...label.phrasings].map(dupKey));
    label.exclusions.forEach((e, j) => {
      if (own.has(dupKey(e))) issues.push({ path: ['labels', i, 'exclusions', j], message: `"${e}" is also this label's own name or phrasing` });
    });
  });
  if (set.exclusive && set.labels.length < 2) {
    issues.push({ path: ['labels'], message: 'an exclusive set picks one label per photo, so it needs at least 2 labels' });
  }
  return issues;
}
