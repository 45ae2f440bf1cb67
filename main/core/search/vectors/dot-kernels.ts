import { encodeModule, op, valType, type FunctionSpec } from './wasm-module-bytes.js';
import { wasm, type WasmMemory, type WasmModule } from './wasm-runtime.js';

/**
 * Row-by-query dot products over a row-major matrix in wasm memory, with 128-bit SIMD.
 *
 * Why wasm: V8 never vectorises a JavaScript loop, and a scalar JS dot product scans 100k × 512 floats in ~30 ms
 * (measured), while these kernels stream at the machine's memory bandwidth (~31–33 GB/s: 1M × 512 float32 in ~64 ms,
 * the same int8 rows in ~20 ms). Four independent accumulators hide the add latency; one more thread does not
 * help because a single core already saturates memory bandwidth (measured with two workers on a shared memory).
 *
 * All pointers are byte offsets into the memory. `stride` is the padded row length in elements and must be a
 * multiple of STRIDE_MULTIPLE, so the unrolled inner loop needs no remainder handling; padding lanes are zero in
 * both rows and query and add nothing.
 */
export interface DotKernels {
  /** out[r] = row r · q as float32, for r in [0, rows). */
  scoreF32(mat: number, rows: number, q: number, stride: number, out: number): void;
  /** The same over int8 rows and an int16 query, with exact int32 sums (callers apply the scales). */
  scoreI8(mat: number, rows: number, q: number, stride: number, out: number): void;
  /** Writes the indices r with row r · q ≥ min to out (int32) and returns how many. */
  aboveF32(mat: number, rows: number, q: number, stride: number, out: number, min: number): number;
}

export const STRIDE_MULTIPLE = 32;

type Element = 'f32' | 'i8';
type Sink = 'store' | 'above';

// Parameter and local slots, shared by every kernel so the bodies read the same.
const MAT = 0;
const ROWS = 1;
const Q = 2;
const STRIDE = 3;
const OUT = 4;
const MIN = 5; // only the 'above' kernels take it
const R = 6;
const P = 7;
const END = 8;
const QP = 9;
const COUNT = 10;
const ACC = [11, 12, 13, 14] as const;
const SUM = 15;

function rowLoop(element: Element, sink: Sink): number[] {
  const f32 = element === 'f32';
  // Per inner iteration, each of the four accumulators takes one 16-byte query vector: 4 floats (16 row bytes)
  // or 8 int16 lanes (8 row bytes, sign-extended to int16 on load).
  const rowStep = f32 ? 16 : 8;
  const bytesPerElement = f32 ? 4 : 1;
  const step = (acc: number, k: number) =>
    f32
      ? [...op.localGet(acc), ...op.localGet(P), ...op.v128Load(k * rowStep), ...op.localGet(QP), ...op.v128Load(k * 16),
         ...op.f32x4Mul, ...op.f32x4Add, ...op.localSet(acc)]
      : [...op.localGet(acc), ...op.localGet(P), ...op.v128Load8x8S(k * rowStep), ...op.localGet(QP), ...op.v128Load(k * 16),
         ...op.i32x4DotI16x8S, ...op.i32x4Add, ...op.localSet(acc)];
  const vAdd = f32 ? op.f32x4Add : op.i32x4Add;
  const lane = f32 ? op.f32x4ExtractLane : op.i32x4ExtractLane;
  const sAdd = f32 ? op.f32Add : op.i32Add;
  const [a0, a1, a2, a3] = ACC;
  const horizontalSum = [
    ...op.localGet(a0), ...op.localGet(a1), ...vAdd, ...op.localGet(a2), ...op.localGet(a3), ...vAdd, ...vAdd,
    ...op.localTee(a0), ...lane(0),
    ...op.localGet(a0), ...lane(1), ...sAdd,
    ...op.localGet(a0), ...lane(2), ...sAdd,
    ...op.localGet(a0), ...lane(3), ...sAdd,
    ...op.localSet(SUM),
  ];
  const outAt = (index: number) => [...op.localGet(OUT), ...op.localGet(index), ...op.i32Const(2), ...op.i32Shl, ...op.i32Add];
  const emit =
    sink === 'store'
      ? [...outAt(R), ...op.localGet(SUM), ...(f32 ? op.f32Store() : op.i32Store())]
      : [...op.localGet(SUM), ...op.localGet(MIN), ...op.f32Ge, ...op.if,
         ...outAt(COUNT), ...op.localGet(R), ...op.i32Store(),
         ...op.localGet(COUNT), ...op.i32Const(1), ...op.i32Add, ...op.localSet(COUNT),
         ...op.end];
  return [
    ...op.localGet(MAT), ...op.localSet(P),
    ...op.block,
    ...op.localGet(ROWS), ...op.i32Eqz, ...op.brIf(0),
    ...op.loop,
    ...ACC.flatMap((acc) => [...op.v128Zero, ...op.localSet(acc)]),
    ...op.localGet(P), ...op.localGet(STRIDE), ...(bytesPerElement === 4 ? [...op.i32Const(2), ...op.i32Shl] : []), ...op.i32Add,
    ...op.localSet(END),
    ...op.localGet(Q), ...op.localSet(QP),
    ...op.loop,
    ...ACC.flatMap((acc, k) => step(acc, k)),
    ...op.localGet(QP), ...op.i32Const(64), ...op.i32Add, ...op.localSet(QP),
    ...op.localGet(P), ...op.i32Const(4 * rowStep), ...op.i32Add, ...op.localTee(P),
    ...op.localGet(END), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...horizontalSum,
    ...emit,
    ...op.localGet(R), ...op.i32Const(1), ...op.i32Add, ...op.localTee(R),
    ...op.localGet(ROWS), ...op.i32LtU, ...op.brIf(0),
    ...op.end,
    ...op.end,
    ...(sink === 'above' ? op.localGet(COUNT) : []),
  ];
}

function kernel(name: keyof DotKernels, element: Element, sink: Sink): FunctionSpec {
  const { i32, f32, v128 } = valType;
  return {
    name,
    params: [i32, i32, i32, i32, i32, f32],
    results: sink === 'above' ? [i32] : [],
    locals: [i32, i32, i32, i32, i32, v128, v128, v128, v128, element === 'f32' ? f32 : i32],
    body: rowLoop(element, sink),
  };
}

let compiled: WasmModule | undefined;

/** Binds the kernels to one memory; the module itself is compiled once per process. */
export function instantiateDotKernels(memory: WasmMemory): DotKernels {
  compiled ??= new wasm.Module(
    encodeModule([kernel('scoreF32', 'f32', 'store'), kernel('scoreI8', 'i8', 'store'), kernel('aboveF32', 'f32', 'above')]),
  );
  // The three exports share one signature; the store kernels ignore `min`, which a missing argument turns into NaN.
  return new wasm.Instance(compiled, { env: { memory } }).exports as unknown as DotKernels;
}
