import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUILTIN_LABEL_SETS } from '../../../main/core/tagging/builtin-label-sets.js';
import type { LabelDefinition, LabelSetDefinition } from '../../../main/core/tagging/label-set.js';
import { parseLabelSetFile, serializeLabelSet } from '../../../main/core/tagging/label-set-file.js';
import { LabelSetError, MAX_LABELS, validateLabelSet } from '../../../main/core/tagging/label-set-schema.js';

const plain = (name: string): LabelDefinition => ({ name, phrasings: [], exclusions: [], threshold: null });

function errorOf(text: string, file = 'colours.yaml'): LabelSetError {
  try {
    parseLabelSetFile(text, file);
  } catch (err) {
    expect(err).toBeInstanceOf(LabelSetError);
    expect((err as LabelSetError).code).toBe('LABEL_SET_INVALID');
    return err as LabelSetError;
  }
  throw new Error(`accepted:\n${text}`);
}

describe('parseLabelSetFile', () => {
  it('accepts the simplest file, a name and a plain list, as is', () => {
    expect(parseLabelSetFile('name: 颜色\nlabels: [红, 绿]\n', 'colours.yaml')).toEqual({
      name: '颜色',
      description: null,
      exclusive: false,
      labels: [plain('红'), plain('绿')],
    });
    expect(parseLabelSetFile('name: 颜色\nlabels:\n  - 红\n  - 绿\n', 'colours.yml').labels).toEqual([plain('红'), plain('绿')]);
    expect(parseLabelSetFile('{"name": "颜色", "labels": ["红", "绿"]}', 'colours.json').labels).toEqual([plain('红'), plain('绿')]);
  });

  it('chooses YAML or JSON by content when the extension says neither', () => {
    expect(parseLabelSetFile('{"name": "颜色", "labels": ["红"]}', 'colours.txt').name).toBe('颜色');
    expect(parseLabelSetFile('name: 颜色\nlabels: [红]', 'colours').name).toBe('颜色');
    // Valid YAML is not valid JSON: a .json file is held to JSON.
    expect(errorOf('name: 颜色\nlabels: [红]', 'colours.json').message).toBe("colours.json:1:2: is not valid JSON: Unexpected token 'a'");
  });

  it('reads labels as objects with phrasings, exclusions and a threshold, and set fields', () => {
    const text = [
      'name: 宠物',
      'description: 家里的猫狗',
      'labels:',
      '  - name: 猫',
      '    phrasings: [猫咪, 小猫]',
      '    exclusions: [猫头鹰]',
      '    threshold: 0.25',
      '  - 狗',
    ].join('\n');
    expect(parseLabelSetFile(text, 'pets.yaml')).toEqual({
      name: '宠物',
      description: '家里的猫狗',
      exclusive: false,
      labels: [{ name: '猫', phrasings: ['猫咪', '小猫'], exclusions: ['猫头鹰'], threshold: 0.25 }, plain('狗')],
    });
    const exclusive = parseLabelSetFile('name: 室内外\nexclusive: true\nlabels: [室内, 室外]', 'io.yaml');
    expect(exclusive.exclusive).toBe(true);
  });

  it('trims and NFC-normalises every name, and drops a label repeating its own phrasings', () => {
    const set = parseLabelSetFile('name: "  Cafe\u0301 "\nlabels:\n  - name: " 猫 "\n    phrasings: [猫咪, " 猫咪", 猫]\n', 'x.yaml');
    expect(set.name).toBe('Café');
    expect(set.labels).toEqual([{ name: '猫', phrasings: ['猫咪'], exclusions: [], threshold: null }]);
  });

  it.each([
    ['invalid YAML', 'name: 颜色\nlabels: [红, 绿\nfoo: 1\n', /^colours\.yaml:3:1: is not valid YAML: /],
    ['a duplicate key', 'name: 颜色\nname: 色\nlabels: [红]\n', /^colours\.yaml:2:1: is not valid YAML: Map keys must be unique/],
    ['an unknown set field', 'name: 颜色\ncolour: red\nlabels: [红]\n', /^colours\.yaml:2:1: colour: unknown field \(allowed: name, description, exclusive, labels\)$/],
    ['an unknown label field', 'name: 颜色\nlabels:\n  - 红\n  - name: 绿\n    treshold: 0.2\n', /^colours\.yaml:5:5: labels\[1\]\.treshold: unknown field/],
    ['an empty set name', 'name: "  "\nlabels: [红]\n', /^colours\.yaml:1:7: name: must not be empty$/],
    ['a missing set name', 'labels: [红]\n', /^colours\.yaml:1:1: name: is required$/],
    ['an empty label', 'name: 颜色\nlabels:\n  - 红\n  - ""\n', /^colours\.yaml:4:5: labels\[1\]: must not be empty$/],
    ['a whitespace label name', 'name: 颜色\nlabels:\n  - 红\n  - name: "\u3000 "\n', /^colours\.yaml:4:11: labels\[1\]\.name: must not be empty$/],
    ['a duplicate label', 'name: 颜色\nlabels:\n  - 红\n  - 绿\n  - " 红"\n', /^colours\.yaml:5:5: labels\[2\]: "红" duplicates labels\[0\] \("红"\)$/],
    ['a duplicate after NFC', 'name: x\nlabels:\n  - "Caf\u00e9"\n  - "Cafe\u0301"\n', /^colours\.yaml:4:5: labels\[1\]: "Café" duplicates labels\[0\]/],
    ['a phrasing naming another label', 'name: 宠物\nlabels:\n  - 猫\n  - name: 狗\n    phrasings: [狗狗, 猫]\n', /^colours\.yaml:5:21: labels\[1\]\.phrasings\[1\]: "猫" duplicates labels\[0\] \("猫"\)$/],
    ['an exclusion of itself', 'name: 宠物\nlabels:\n  - name: 猫\n    phrasings: [猫咪]\n    exclusions: [猫咪]\n', /^colours\.yaml:5:18: labels\[0\]\.exclusions\[0\]: "猫咪" is also this label's own name or phrasing$/],
    ['a threshold above 1', 'name: 颜色\nlabels:\n  - 红\n  - 绿\n  - 蓝\n  - name: 紫\n    threshold: 1.5\n', /^colours\.yaml:7:16: labels\[3\]\.threshold: must be between -1 and 1, not 1\.5$/],
    ['a threshold below -1', 'name: 颜色\nlabels:\n  - name: 紫\n    threshold: -2\n', /labels\[0\]\.threshold: must be between -1 and 1, not -2$/],
    ['a threshold that is not a number', 'name: 颜色\nlabels:\n  - name: 紫\n    threshold: high\n', /^colours\.yaml:4:16: labels\[0\]\.threshold: must be a number between -1 and 1, not text "high"$/],
    ['a threshold of .nan', 'name: 颜色\nlabels:\n  - name: 紫\n    threshold: .nan\n', /labels\[0\]\.threshold: must be a number/],
    ['a name that is a number', 'name: 颜色\nlabels: [红, 2024]\n', /^colours\.yaml:2:13: labels\[1\]: must be a label name or a mapping/],
    ['phrasings that are not a list', 'name: 宠物\nlabels:\n  - name: 猫\n    phrasings: 猫咪\n', /labels\[0\]\.phrasings: must be a list of text, not text "猫咪"$/],
    ['a name with a separator', 'name: 颜色/色调\nlabels: [红]\n', /^colours\.yaml:1:7: name: must not contain \/ or \|/],
    ['an over-long label', `name: 颜色\nlabels: [${'红'.repeat(65)}]\n`, /labels\[0\]: must be at most 64 characters$/],
    ['an empty label list', 'name: 颜色\nlabels: []\n', /^colours\.yaml:2:9: labels: must hold at least one label$/],
    ['an exclusive set of one', 'name: 室内外\nexclusive: true\nlabels: [室内]\n', /labels: an exclusive set picks one label per photo, so it needs at least 2 labels$/],
    ['an empty file', '', /^colours\.yaml:1:1: is empty/],
    ['a file that is a list', '- 红\n- 绿\n', /^colours\.yaml:1:1: must be a mapping with name and labels, not a list$/],
  ])('refuses %s with the file, line:column and field', (_, text, expected) => {
    expect(errorOf(text).message).toMatch(expected);
  });

  it('refuses 10,000 labels clearly, without listing them', () => {
    const text = `name: 太多\nlabels:\n${Array.from({ length: 10_000 }, (_, i) => `  - 标签${i}\n`).join('')}`;
    const err = errorOf(text);
    expect(err.message).toBe(`colours.yaml:3:3: labels: holds 10000 labels; at most ${MAX_LABELS} are allowed`);
    expect(err.issues).toHaveLength(1);
  });

  it('locates errors in JSON too, trailing commas included', () => {
    expect(errorOf('{\n  "name": "颜色",\n  "labels": ["红", "绿",]\n}', 'c.json').message).toBe("c.json:3:23: is not valid JSON: Unexpected token ']'");
    expect(errorOf('{\n  "name": "颜色",\n  "name": "色",\n  "labels": ["红"]\n}', 'c.json').message).toMatch(/^c\.json:3:3: is not valid JSON: Map keys must be unique/);
    expect(errorOf('{"name": "颜色", "labels": ["红", {"name": "绿", "threshold": "0.3"}]}', 'c.json').message).toBe(
      'c.json:1:59: labels[1].threshold: must be a number between -1 and 1, not text "0.3"',
    );
  });

  it('lists every problem, in file order, as structured issues', () => {
    const err = errorOf('name: 颜色\nlabels:\n  - name: 红\n    threshold: 3\n  - name: ""\nextra: 1\n');
    expect(err.issues.map(({ field, line, column }) => ({ field, line, column }))).toEqual([
      { field: 'labels[0].threshold', line: 4, column: 16 },
      { field: 'labels[1].name', line: 5, column: 11 },
      { field: 'extra', line: 6, column: 1 },
    ]);
    expect(err.issues[0]!.path).toEqual(['labels', 0, 'threshold']);
    expect(err.message).toBe(
      [
        '3 problems:',
        '  colours.yaml:4:16: labels[0].threshold: must be between -1 and 1, not 3',
        '  colours.yaml:5:11: labels[1].name: must not be empty',
        '  colours.yaml:6:1: extra: unknown field (allowed: name, description, exclusive, labels)',
      ].join('\n'),
    );
  });
});

// Names made of the characters that trip YAML writers: quotes, colons, hashes, leading dashes, keywords.
const awkwardName = fc
  .array(fc.constantFrom('猫', '红', 'a', ' ', '#', ':', '-', '1', '"', "'", '\\', 'null', 'true', 'yes', '~', '[', '{', ',', '&', '*', '!', '%', '@', '`', '?'), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.join('').trim())
  .filter((s) => s.length > 0);

// Parsing stores -0 as 0 (JSON cannot write it), so a normalised set holds no -0.
const threshold = fc.double({ min: -1, max: 1, noNaN: true }).map((t) => t + 0);

const labelSetArb: fc.Arbitrary<LabelSetDefinition> = fc
  .record({
    name: awkwardName,
    description: fc.option(fc.string({ minLength: 1, maxLength: 40 }).map((s) => s.trim()).filter(Boolean), { nil: null }),
    exclusive: fc.boolean(),
    names: fc.uniqueArray(awkwardName, { minLength: 2, maxLength: 8, selector: (s) => s.toLowerCase() }),
    extras: fc.array(fc.record({ exclusion: fc.option(awkwardName, { nil: undefined }), threshold: fc.option(threshold, { nil: null }) }), { minLength: 8, maxLength: 8 }),
  })
  .map(({ names, extras, ...set }) => ({
    ...set,
    labels: names.map((name, i) => {
      const exclusion = extras[i]!.exclusion;
      const clash = exclusion === undefined || names.some((n) => n.toLowerCase() === exclusion.toLowerCase());
      return { name, phrasings: [], exclusions: clash ? [] : [exclusion], threshold: extras[i]!.threshold };
    }),
  }));

describe('serializeLabelSet', () => {
  it.each(['yaml', 'json'] as const)('round-trips through %s', (format) => {
    fc.assert(
      fc.property(labelSetArb, (set) => {
        expect(parseLabelSetFile(serializeLabelSet(set, format), `set.${format}`)).toEqual(set);
      }),
      { numRuns: 300 },
    );
  });

  it('writes YAML as a person would: plain strings for plain labels, phrasings inline, defaults left out', () => {
    const set = parseLabelSetFile('name: 宠物\nlabels:\n  - {name: 猫, phrasings: [猫咪, 小猫], exclusions: [猫头鹰]}\n  - 狗\n', 'pets.yaml');
    expect(serializeLabelSet(set, 'yaml')).toBe('name: 宠物\nlabels:\n  - name: 猫\n    phrasings: [ 猫咪, 小猫 ]\n    exclusions: [ 猫头鹰 ]\n  - 狗\n');
  });
});

describe('built-in label sets', () => {
  it.each(BUILTIN_LABEL_SETS.map((s) => [s.name, s] as const))('%s passes the file rules and round-trips', (_, set) => {
    expect(validateLabelSet(set)).toEqual(set);
    expect(parseLabelSetFile(serializeLabelSet(set, 'yaml'), 'builtin.yaml')).toEqual(set);
  });

  it('have distinct names and one exclusive set', () => {
    expect(new Set(BUILTIN_LABEL_SETS.map((s) => s.name)).size).toBe(BUILTIN_LABEL_SETS.length);
    expect(BUILTIN_LABEL_SETS.filter((s) => s.exclusive).map((s) => s.labels.map((l) => l.name))).toEqual([['室内', '室外']]);
    expect(BUILTIN_LABEL_SETS.find((s) => s.name === '主体')!.labels.find((l) => l.name === '猫')!.exclusions).toContain('猫头鹰');
  });
});
