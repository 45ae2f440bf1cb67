import onnxProto from 'onnx-proto';
import ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { matMulModel, type MatMulKind } from '../../fixtures/onnx/matmul-model.js';
import { measureMatMul } from '../../bench/machine.bench.js';

const N = 8;

/** The model's right-hand matrix, read back from its initializer. */
function weights(model: ReturnType<typeof matMulModel>, kind: MatMulKind): number[] {
  const raw = model.graph!.initializer![0]!.rawData!;
  const buffer = raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength);
  return [...(kind === 'float32' ? new Float32Array(buffer) : new Int8Array(buffer))];
}

describe('machine suite MatMul graph', () => {
  for (const kind of ['float32', 'int8'] as const) {
    it(`${kind}: identity × weights gives the weights back`, async () => {
      const model = matMulModel(N, kind);
      const session = await ort.InferenceSession.create(onnxProto.onnx.ModelProto.encode(model).finish());
      try {
        const identity = Array.from({ length: N * N }, (_, i) => (Math.floor(i / N) === i % N ? 1 : 0));
        const a = kind === 'float32' ? new ort.Tensor('float32', Float32Array.from(identity), [N, N]) : new ort.Tensor('uint8', Uint8Array.from(identity), [N, N]);
        const y = (await session.run({ a })).y!;
        expect(y.dims).toEqual([N, N]);
        expect([...(y.data as Float32Array | Int32Array)]).toEqual(weights(model, kind));
      } finally {
        await session.release();
      }
    });

    it(`${kind}: the suite's measurement runs at a tiny size`, async () => {
      const rate = await measureMatMul(N, kind, { runs: 1, threads: 1 });
      expect(Number.isFinite(rate) && rate > 0).toBe(true);
    });
  }
});
