/**
 * The machine's own ceiling for the image tower's kind of work: one large matrix product through onnxruntime-node
 * with one intra-op thread per core, best of a few runs (other processes only ever add time). A ViT's time is
 * mostly such products, so the image tower's achieved GFLOP/s (image-tower-flops.ts) is read against this figure.
 */
import os from 'node:os';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { matMulModel, type MatMulKind } from '../fixtures/onnx/matmul-model.js';
import type { BenchSuite, Figure } from './bench-suite.js';
import { OPS_UNIT } from './image-tower-flops.js';

const SIZE = 2048;
const RUNS = 5;

/** Best rate of `runs` timed products of an n×n input with the model's n×n weights, after one warm-up. */
export async function measureMatMul(n: number, kind: MatMulKind, opts: { runs: number; threads: number }): Promise<number> {
  const bytes = onnxProto.onnx.ModelProto.encode(matMulModel(n, kind)).finish();
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: opts.threads, graphOptimizationLevel: 'all' });
  try {
    const a =
      kind === 'float32'
        ? new ort.Tensor('float32', Float32Array.from({ length: n * n }, (_, i) => Math.sin(i)), [n, n])
        : new ort.Tensor('uint8', Uint8Array.from({ length: n * n }, (_, i) => i % 251), [n, n]);
    await session.run({ a });
    let best = Infinity;
    for (let i = 0; i < opts.runs; i++) {
      const t0 = performance.now();
      await session.run({ a });
      best = Math.min(best, performance.now() - t0);
    }
    // n³ multiply-adds, two operations each.
    return (2 * n ** 3) / (best / 1000) / 1e9;
  } finally {
    await session.release();
  }
}

export const machineBench: BenchSuite = {
  name: 'machine',
  needsBuild: false,
  async run(): Promise<Figure[]> {
    const threads = os.availableParallelism();
    const shape = `${SIZE}×${SIZE} × ${SIZE}×${SIZE}, ${threads} threads, best of ${RUNS}`;
    return [
      { name: `float32 MatMul ${shape}`, value: await measureMatMul(SIZE, 'float32', { runs: RUNS, threads }), unit: OPS_UNIT.fp32 },
      { name: `int8 MatMulInteger (uint8 × int8 → int32) ${shape}`, value: await measureMatMul(SIZE, 'int8', { runs: RUNS, threads }), unit: OPS_UNIT.int8 },
    ];
  },
};
