import path from 'node:path';
import { Document, LineCounter, isCollection, isMap, isScalar, isSeq, parseDocument, visit, type Node } from 'yaml';
import { errorMessage } from '../errors.js';
import type { LabelSetDefinition } from './label-set.js';
import { LabelSetError, checkLabelSet, fieldName, type FieldPath, type LabelSetIssue, type RawIssue } from './label-set-schema.js';

export type LabelSetFormat = 'yaml' | 'json';

/** Ten thousand labels with phrasings fit in well under a megabyte; anything far larger is not a label set. */
const MAX_FILE_CHARS = 4 * 1024 * 1024;

/** By extension (.json, .yaml, .yml); otherwise JSON when the text opens like JSON. */
export function labelSetFormatOf(fileName: string, text: string): LabelSetFormat {
  const ext = path.extname(fileName).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return /^\s*[{[]/.test(text) ? 'json' : 'yaml';
}

/**
 * Reads a label set file, YAML or JSON. Throws LabelSetError (LABEL_SET_INVALID) naming the file, line:column, field
 * and problem of everything wrong with it. JSON goes through the YAML parser as well (JSON is YAML 1.2), which gives
 * positions and refuses duplicate keys that JSON.parse would silently collapse.
 */
export function parseLabelSetFile(text: string, fileName: string): LabelSetDefinition {
  const source = text.replace(/^\uFEFF/, '');
  const format = labelSetFormatOf(fileName, source);
  const fail = (issues: LabelSetIssue[]): never => {
    throw new LabelSetError(fileName, issues);
  };
  if (source.length > MAX_FILE_CHARS) {
    fail([fileIssue(`is ${source.length} characters long; a label set file is at most ${MAX_FILE_CHARS}`, 1, 1)]);
  }

  const lines = new LineCounter();
  const doc = parseDocument(source, { lineCounter: lines, prettyErrors: false });
  const at = (offset: number) => lines.linePos(Math.min(offset, source.length));
  if (format === 'json') {
    const jsonError = strictJsonError(source);
    if (jsonError) {
      const pos = at(jsonError.offset);
      fail([fileIssue(`is not valid JSON: ${jsonError.message}`, pos.line, pos.col)]);
    }
  }
  const syntaxName = format === 'json' ? 'JSON' : 'YAML';
  if (doc.errors.length > 0) {
    fail(
      doc.errors.map((e) => {
        const pos = at(e.pos[0]);
        return fileIssue(`is not valid ${syntaxName}: ${e.message.split('\n')[0]}`, pos.line, pos.col);
      }),
    );
  }
  let value: unknown;
  try {
    value = doc.toJS();
  } catch (err) {
    // A "billion laughs" of aliases, refused by the YAML library's alias budget.
    fail([fileIssue(`is not valid ${syntaxName}: ${errorMessage(err)}`, 1, 1)]);
  }

  const checked = checkLabelSet(value);
  if (checked.ok) return checked.value;
  const placed = checked.issues.map((issue) => {
    const found = locate(doc, issue);
    const pos = at(found.offset);
    return { offset: found.offset, issue: { path: issue.path, field: fieldName(found.path), message: issue.message, line: pos.line, column: pos.col } };
  });
  placed.sort((a, b) => a.offset - b.offset);
  return fail(placed.map((p) => p.issue));
}

function fileIssue(message: string, line: number, column: number): LabelSetIssue {
  return { path: [], field: '', message, line, column };
}

function strictJsonError(text: string): { message: string; offset: number } | null {
  try {
    JSON.parse(text);
    return null;
  } catch (err) {
    const message = errorMessage(err);
    return { message: message.replace(/(, (\.\.\.)?".*" is not valid JSON| in JSON at position \d+.*| of JSON input)$/s, ''), offset: jsonErrorOffset(text, message) };
  }
}

function jsonErrorOffset(text: string, message: string): number {
  const at = /at position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  if (/end of JSON input/.test(message)) return text.length;
  // V8 gives no position for an unexpected token (a trailing comma, a quote '): the first character at which a
  // prefix of the text stops being the start of some JSON is where the token is.
  let ok = 0;
  let bad = text.length;
  while (bad - ok > 1) {
    const mid = (ok + bad) >> 1;
    if (isJsonPrefix(text.slice(0, mid))) ok = mid;
    else bad = mid;
  }
  return bad - 1;
}

function isJsonPrefix(prefix: string): boolean {
  try {
    JSON.parse(prefix);
    return true;
  } catch (err) {
    const message = errorMessage(err);
    const at = /at position (\d+)/.exec(message);
    return at ? Number(at[1]) >= prefix.length : /end of JSON input/.test(message);
  }
}

/**
 * The deepest node of the document on the issue's path, and the path shown for it. A missing key points at the
 * mapping that lacks it; a label written as a plain string is shown as `labels[3]`, not `labels[3].name`.
 */
function locate(doc: Document, issue: RawIssue): { offset: number; path: FieldPath } {
  let node: unknown = doc.contents;
  let offset = (node as Node | null)?.range?.[0] ?? 0;
  for (let depth = 0; depth < issue.path.length; depth++) {
    const key = issue.path[depth]!;
    if (!isCollection(node)) return { offset, path: issue.path.slice(0, depth) };
    let next: unknown;
    if (isMap(node)) {
      const pair = node.items.find((p) => String(isScalar(p.key) ? p.key.value : p.key) === String(key));
      next = issue.atKey && depth === issue.path.length - 1 ? pair?.key : pair?.value;
    } else if (isSeq(node)) {
      next = node.items[Number(key)];
    }
    const range = (next as Node | null | undefined)?.range;
    if (!range) break;
    node = next;
    offset = range[0];
  }
  return { offset, path: issue.path };
}

/**
 * Writes a set in the shape a person would: labels with nothing but a name as plain strings, phrasings and
 * exclusions inline, defaults left out. parseLabelSetFile reads it back to the same definition.
 */
export function serializeLabelSet(def: LabelSetDefinition, format: LabelSetFormat): string {
  const shape = {
    name: def.name,
    ...(def.description !== null && { description: def.description }),
    ...(def.exclusive && { exclusive: true }),
    labels: def.labels.map((l) =>
      l.phrasings.length === 0 && l.exclusions.length === 0 && l.threshold === null
        ? l.name
        : {
            name: l.name,
            ...(l.phrasings.length > 0 && { phrasings: l.phrasings }),
            ...(l.exclusions.length > 0 && { exclusions: l.exclusions }),
            ...(l.threshold !== null && { threshold: l.threshold }),
          },
    ),
  };
  if (format === 'json') return JSON.stringify(shape, null, 2) + '\n';
  const doc = new Document(shape);
  visit(doc, {
    Pair(_, pair) {
      if (isScalar(pair.key) && (pair.key.value === 'phrasings' || pair.key.value === 'exclusions') && isSeq(pair.value)) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
