/**
 * The performance report (`npm run bench -- --report`): every figure of one run beside its target and its ceiling,
 * grouped by what it is compared with, and for each miss the explanation its suite measured (Figure.note).
 */
import type { Figure } from './bench-suite.js';
import type { MachineInfo } from './machine-info.js';

export interface SuiteResult {
  suite: string;
  seconds: number;
  figures: (Figure & { pass: boolean | null })[];
  error?: string;
}

export interface ReportInput {
  at: string;
  machineAtStart: MachineInfo;
  machineAtEnd: MachineInfo;
  results: SuiteResult[];
}

type Row = SuiteResult['figures'][number] & { suite: string };

const embeddingPart = (name: string) => (/\(c\)|transformers/.test(name) ? 'c' : /^\((d|e)\)/.exec(name)?.[1] ?? 'ab');

/** Display order; a figure goes to the first group that takes it, one no group takes to "Other figures". */
const GROUPS: { title: string; takes: (r: Row) => boolean }[] = [
  { title: 'Machine ceilings (measured in this run)', takes: (r) => r.suite === 'machine' },
  { title: "Image tower: achieved operations vs the machine's large-MatMul rate", takes: (r) => /^G(FL)?OP\/s$/.test(r.unit) },
  {
    title: 'Pipeline vs bare ONNX Runtime',
    takes: (r) =>
      r.suite === 'inference-pool' ||
      (r.suite === 'embedding-pipeline' && embeddingPart(r.name) === 'ab') ||
      (r.suite === 'clip-full-size' && !r.name.startsWith('int8 vs fp32')),
  },
  { title: 'Xuntu vs @huggingface/transformers', takes: (r) => r.suite === 'embedding-pipeline' && embeddingPart(r.name) === 'c' },
  {
    title: 'int8 vs fp32',
    takes: (r) => (r.suite === 'embedding-pipeline' && embeddingPart(r.name) === 'd') || (r.suite === 'clip-full-size' && r.name.startsWith('int8 vs fp32')),
  },
  { title: 'First search after start', takes: (r) => r.suite === 'embedding-pipeline' && embeddingPart(r.name) === 'e' },
  { title: 'Thumbnails vs vipsthumbnail', takes: (r) => r.suite === 'thumbnails' },
  { title: 'Vector scan vs the memory-bandwidth floor', takes: (r) => r.suite === 'vector-search' },
  { title: 'Re-tag', takes: (r) => r.suite === 'retag' },
  { title: 'Re-scan', takes: (r) => r.suite === 'rescan' },
  { title: 'Peak RSS', takes: (r) => r.suite === 'index-memory' },
  { title: 'UI', takes: (r) => r.suite === 'ui' },
];

export function renderReport(input: ReportInput): string {
  const rows = withMachineCeilings(input.results.flatMap((r) => r.figures.map((f) => ({ ...f, suite: r.suite }))));
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const title = GROUPS.find((g) => g.takes(row))?.title ?? 'Other figures';
    groups.set(title, [...(groups.get(title) ?? []), row]);
  }
  const targeted = rows.filter((r) => r.pass !== null);
  const misses = targeted.filter((r) => r.pass === false);
  const failed = input.results.filter((r) => r.error);

  const out = [`# Xuntu performance report, ${input.at}`, '', ...machineTable(input), ''];
  out.push(
    `Suites: ${input.results.map((r) => `${r.suite} (${r.seconds.toFixed(0)} s)`).join(', ')}. ` +
      `Targets met: ${targeted.length - misses.length} of ${targeted.length}.`,
    '',
  );
  if (failed.length > 0) {
    out.push('## Did not run', '', ...failed.map((r) => `- ${r.suite}: ${firstLine(r.error!)}`), '');
  }
  if (misses.length > 0) {
    out.push('## Misses', '', ...misses.map((r) => `- ${r.suite} · ${r.name}: ${format(r.value)} ${r.unit}, target ${target(r)} — ${why(r)}`), '');
  }
  for (const title of [...GROUPS.map((g) => g.title), 'Other figures']) {
    const group = groups.get(title);
    if (group) out.push(`## ${title}`, '', ...table(group), '');
  }
  return out.join('\n');
}

/**
 * A figure in the same unit as one of the machine suite's (GFLOP/s, GOP/s) is an achieved rate of the work that
 * figure measures at its best, so that figure is its ceiling.
 */
function withMachineCeilings(rows: Row[]): Row[] {
  const measured = rows.filter((r) => r.suite === 'machine');
  return rows.map((r) => {
    const machine = measured.find((m) => m.unit === r.unit);
    return r.suite === 'machine' || r.ceiling || !machine ? r : { ...r, ceiling: { value: machine.value, what: machine.name } };
  });
}

function machineTable({ machineAtStart: start, machineAtEnd: end }: ReportInput): string[] {
  return [
    '| Machine | |',
    '|---|---|',
    `| CPU | ${start.cpuModel} |`,
    `| Cores | ${start.cpus} |`,
    `| Memory | ${start.memoryGb} GB |`,
    `| Platform | ${start.platform} |`,
    `| Node | ${start.node} |`,
    `| onnxruntime-node | ${start.onnxruntime} |`,
    // The suites load every core themselves; well above the core count means other work competed for them.
    `| Load average (1 min), start → end | ${start.loadAverage1m.toFixed(2)} → ${end.loadAverage1m.toFixed(2)} |`,
  ];
}

function table(rows: Row[]): string[] {
  const lines = ['| Figure | Value | Target | ÷ target | Ceiling | ÷ ceiling | Result | Why (misses) |', '|---|---:|---|---:|---|---:|---|---|'];
  for (const r of rows) {
    const cells = [
      r.name,
      `${format(r.value)} ${r.unit}`.trim(),
      r.target ? target(r) : '',
      r.target ? ratio(r.value, r.target.value) : '',
      r.ceiling ? `${format(r.ceiling.value)} ${r.unit} (${r.ceiling.what})` : '',
      r.ceiling ? ratio(r.value, r.ceiling.value) : '',
      r.pass === null ? '' : r.pass ? 'pass' : '**miss**',
      r.pass === false ? why(r) : '',
    ];
    lines.push(`|${cells.map((c) => (c ? ` ${cell(c)} ` : ' ')).join('|')}|`);
  }
  return lines;
}

const target = (r: Row) => `${r.target!.op} ${r.target!.value} ${r.unit}`.trim();
const ratio = (value: number, of: number) => `${(value / of).toFixed(2)} ×`;
const why = (r: Row) => r.note ?? '(the suite measures no explanation)';
const firstLine = (s: string) => s.split('\n')[0]!;
const cell = (s: string) => firstLine(s).replace(/\|/g, '\\|');

/** Three significant figures or so, without exponent notation. */
export function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}
