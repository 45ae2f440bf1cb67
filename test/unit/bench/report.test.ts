import { describe, expect, it } from 'vitest';
import { passes, type Figure } from '../../bench/bench-suite.js';
import type { MachineInfo } from '../../bench/machine-info.js';
import { renderReport, type SuiteResult } from '../../bench/report.js';

const machine = (load: number): MachineInfo => ({
  cpus: 2,
  cpuModel: 'Test CPU @ 3 GHz',
  memoryGb: 8,
  platform: 'linux-x64',
  node: 'v20.0.0',
  onnxruntime: '1.30.0',
  loadAverage1m: load,
});

const suite = (name: string, figures: Figure[]): SuiteResult => ({ suite: name, seconds: 12, figures: figures.map((f) => ({ ...f, pass: passes(f) })) });

const report = renderReport({
  at: '2025-01-02T03:04:05.000Z',
  machineAtStart: machine(0.5),
  machineAtEnd: machine(2.25),
  results: [
    suite('machine', [
      { name: 'float32 MatMul', value: 100, unit: 'GFLOP/s' },
      { name: 'int8 MatMulInteger', value: 300, unit: 'GOP/s' },
    ]),
    suite('clip-full-size', [
      { name: 'fp32 image, batch 8', value: 700, unit: 'ms/image' },
      { name: 'fp32 image, batch 8: achieved', value: 50, unit: 'GFLOP/s' },
      { name: 'int8 image, batch 8: achieved', value: 75, unit: 'GOP/s' },
    ]),
    suite('embedding-pipeline', [
      { name: 'fp32 (b) ÷ (a)', value: 0.45, unit: '×', target: { op: '>=', value: 0.9 }, note: '(b) = 1.00 × serial bound; decode-bound on 2 cores' },
      { name: 'fp32 (b) Xuntu ÷ transformers.js (its best)', value: 3, unit: '×', target: { op: '>=', value: 1.5 } },
      { name: '(d) int8 ÷ fp32, ceiling', value: 1.2, unit: '×', target: { op: '>=', value: 1.8 } },
    ]),
    suite('vector-search', [
      { name: 'search 1M, p50', value: 80, unit: 'ms', target: { op: '<=', value: 150 }, ceiling: { value: 40, what: 'bandwidth | floor' } },
    ]),
    { suite: 'ui', seconds: 1, figures: [], error: 'no Chromium\nstack…' },
  ],
});

const line = (start: string) => report.split('\n').find((l) => l.startsWith(start));

describe('renderReport', () => {
  it('heads the report with the machine, its load at start and end, and the versions', () => {
    expect(report.startsWith('# Xuntu performance report, 2025-01-02T03:04:05.000Z\n')).toBe(true);
    expect(report).toContain('| CPU | Test CPU @ 3 GHz |');
    expect(report).toContain('| Load average (1 min), start → end | 0.50 → 2.25 |');
    expect(report).toContain('| onnxruntime-node | 1.30.0 |');
    expect(report).toContain('Targets met: 2 of 4.');
  });

  it('sets achieved rates against the machine rate of their own unit', () => {
    expect(line('| fp32 image, batch 8: achieved |')).toBe('| fp32 image, batch 8: achieved | 50.0 GFLOP/s | | | 100 GFLOP/s (float32 MatMul) | 0.50 × | | |');
    expect(line('| int8 image, batch 8: achieved |')).toContain('| 300 GOP/s (int8 MatMulInteger) | 0.25 × |');
    expect(line('| fp32 image, batch 8 |')).toContain('| 700 ms/image | | | | |');
  });

  it('gives each row its target, ratio and result, escaping pipes', () => {
    expect(line('| search 1M, p50 |')).toBe('| search 1M, p50 | 80.0 ms | <= 150 ms | 0.53 × | 40.0 ms (bandwidth \\| floor) | 2.00 × | pass | |');
    expect(line('| fp32 (b) ÷ (a) |')).toBe(
      '| fp32 (b) ÷ (a) | 0.45 × | >= 0.9 × | 0.50 × | | | **miss** | (b) = 1.00 × serial bound; decode-bound on 2 cores |',
    );
  });

  it('lists every miss with its measured explanation, or says there is none', () => {
    const misses = report.split('## Misses\n\n')[1]!.split('\n\n')[0]!.split('\n');
    expect(misses).toEqual([
      '- embedding-pipeline · fp32 (b) ÷ (a): 0.45 ×, target >= 0.9 × — (b) = 1.00 × serial bound; decode-bound on 2 cores',
      '- embedding-pipeline · (d) int8 ÷ fp32, ceiling: 1.20 ×, target >= 1.8 × — (the suite measures no explanation)',
    ]);
    expect(report).toContain('## Did not run\n\n- ui: no Chromium\n');
  });

  it('groups figures in a fixed order', () => {
    const headings = report.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3));
    expect(headings).toEqual([
      'Did not run',
      'Misses',
      'Machine ceilings (measured in this run)',
      "Image tower: achieved operations vs the machine's large-MatMul rate",
      'Pipeline vs bare ONNX Runtime',
      'Xuntu vs @huggingface/transformers',
      'int8 vs fp32',
      'Vector scan vs the memory-bandwidth floor',
    ]);
  });
});
