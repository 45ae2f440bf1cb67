/**
 * Runs the foundation's speed and memory benches: `npm run bench` runs all, `npm run bench -- rescan thumbnails`
 * the named ones. Prints a Markdown table and writes the figures as JSON under test/bench/results/. Exits 1 when a
 * target is missed or a suite cannot run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { passes, type BenchSuite, type Figure } from './bench-suite.js';
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
};

interface SuiteResult {
  suite: string;
  seconds: number;
  figures: (Figure & { pass: boolean | null })[];
  error?: string;
}

const requested = process.argv.slice(2);
const unknown = requested.filter((n) => !(n in SUITES));
if (unknown.length > 0) {
  console.error(`unknown bench suite(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
  process.exit(2);
}

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
const file = writeResults(results, machine);
console.error(`results: ${path.relative(process.cwd(), file)}`);
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

function format(value: number): string {
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function describeMachine() {
  return {
    cpus: os.availableParallelism(),
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${process.platform}-${process.arch}`,
    node: process.version,
    // Timings mean little if something else was busy. The benches themselves load about every CPU, so a load
    // average well above the CPU count means others were running too.
    loadAverage1m: os.loadavg()[0]!,
  };
}

function writeResults(rows: SuiteResult[], machine: ReturnType<typeof describeMachine>): string {
  const dir = path.join(REPO_ROOT, 'test', 'bench', 'results');
  fs.mkdirSync(dir, { recursive: true });
  const at = new Date().toISOString();
  const file = path.join(dir, `bench-${at.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify({ at, machine, results: rows }, null, 2) + '\n');
  return file;
}
