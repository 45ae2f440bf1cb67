/**
 * Runs the foundation's speed and memory benches: `npm run bench` runs all, `npm run bench -- rescan thumbnails`
 * the named ones. Prints a Markdown table and writes the figures as JSON under test/bench/results/. Exits 1 when a
 * target is missed or a suite cannot run. With `--report` it also writes the performance report (report.ts) there.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { passes, type BenchSuite } from './bench-suite.js';
import { describeMachine } from './machine-info.js';
import { format, renderReport, type SuiteResult } from './report.js';
import { REPO_ROOT } from './run-cli.js';

// Loaded on demand, so a suite whose code does not load yet (a module still being written) fails alone.
const SUITES: Record<string, () => Promise<BenchSuite>> = {
  rescan: async () => (await import('./rescan.bench.js')).rescanBench,
  thumbnails: async () => (await import('./thumbnails.bench.js')).thumbnailsBench,
  'index-memory': async () => (await import('./index-memory.bench.js')).indexMemoryBench,
  'vector-search': async () => (await import('./vector-search.bench.js')).vectorSearchBench,
  'clip-full-size': async () => (await import('./clip-full-size.bench.js')).clipFullSizeBench,
  'inference-pool': async () => (await import('./inference-pool.bench.js')).inferencePoolBench,
  'embedding-pipeline': async () => (await import('./embedding-pipeline.bench.js')).embeddingPipelineBench,
  retag: async () => (await import('./retag.bench.js')).retagBench,
  ui: async () => (await import('./ui-speed.bench.js')).uiSpeedBench,
  machine: async () => (await import('./machine.bench.js')).machineBench,
};

const args = process.argv.slice(2);
const report = args.includes('--report');
const requested = args.filter((a) => a !== '--report');
const unknown = requested.filter((n) => !(n in SUITES));
if (unknown.length > 0) {
  console.error(`unknown bench suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

const machineAtStart = describeMachine();
const results: SuiteResult[] = [];
let built = false;
for (const name of requested.length > 0 ? requested : Object.keys(SUITES)) {
  const started = performance.now();
  console.error(`▶ ${name}`);
  try {
    const suite = await SUITES[name]!();
    if (suite.needsBuild && !built) {
      build();
      built = true;
    }
    const figures = (await suite.run()).map((f) => ({ ...f, pass: passes(f) }));
    results.push({ suite: name, seconds: (performance.now() - started) / 1000, figures });
  } catch (err) {
    const error = err instanceof Error ? err.message : String(err);
    console.error(`✗ ${name}: ${error}`);
    results.push({ suite: name, seconds: (performance.now() - started) / 1000, figures: [], error });
  }
}

const machine = describeMachine();
console.log(markdown(results));
console.log(`\n${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGb} GB, Node ${machine.node}, load average ${machine.loadAverage1m.toFixed(2)}`);
const at = new Date().toISOString();
const file = writeResult(`bench-${stamp(at)}.json`, JSON.stringify({ at, machine, loadAverage1mAtStart: machineAtStart.loadAverage1m, results }, null, 2) + '\n');
console.error(`results: ${path.relative(process.cwd(), file)}`);
if (report) {
  const reportFile = writeResult(`report-${stamp(at)}.md`, renderReport({ at, machineAtStart, machineAtEnd: machine, results }));
  console.log(`report: ${path.relative(process.cwd(), reportFile)}`);
}
process.exitCode = results.some((r) => r.error || r.figures.some((f) => f.pass === false)) ? 1 : 0;

/** The CLI benches run the compiled out/ (as users do), so it must match the sources. */
function build(): void {
  console.error('  building out/ (npm run build)');
  const res = spawnSync('npm', ['run', '--silent', 'build'], { cwd: REPO_ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (res.status !== 0) throw new Error('npm run build failed');
}

function markdown(rows: SuiteResult[]): string {
  const lines = ['| Suite | Figure | Value | Target | Result |', '|---|---|---:|---|---|'];
  for (const r of rows) {
    if (r.error) lines.push(`| ${r.suite} | (did not run) | | | ERROR: ${r.error.replace(/\|/g, '\\|').split('\n')[0]} |`);
    for (const f of r.figures) {
      const target = f.target ? `${f.target.op} ${f.target.value} ${f.unit}` : '';
      const result = f.pass === null ? '' : f.pass ? 'pass' : '**FAIL**';
      lines.push(`| ${r.suite} | ${f.name} | ${format(f.value)} ${f.unit} | ${target} | ${result} |`);
    }
  }
  return lines.join('\n');
}

/** An ISO time usable in a file name. */
function stamp(at: string): string {
  return at.replace(/[:.]/g, '-');
}

function writeResult(name: string, content: string): string {
  const dir = path.join(REPO_ROOT, 'test', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
