import { paddedStride, WasmRows } from './wasm-rows.js';

/** Rows scored per kernel call: the scores (32 KiB) stay in L1/L2 while the caller consumes them. */
export const CHUNK_ROWS = 8192;

/**
 * Unit vectors as one contiguous row-major float32 matrix in wasm memory, scored against a query with the SIMD
 * kernel. Rows are `stride` floats apart (dim rounded up to a multiple of 32, zero-padded: no padding for 512).
 */
export class FloatMatrix {
  readonly stride: number;
  private readonly wasm: WasmRows;
  private data!: Float32Array;
  private query!: Float32Array;
  private scores!: Float32Array;
  private hits!: Int32Array;

  constructor(
    readonly dim: number,
    capacity: number,
  ) {
    this.stride = paddedStride(dim);
    this.wasm = new WasmRows(this.stride * 4 + CHUNK_ROWS * 8, this.stride * 4);
    this.wasm.reserve(capacity);
    this.bindViews();
  }

  get capacity(): number {
    return this.wasm.capacity;
  }

  get byteLength(): number {
    return this.wasm.buffer.byteLength;
  }

  reserve(rows: number): void {
    if (this.wasm.reserve(rows)) this.bindViews();
  }

  /** The first `rows` rows, `stride` floats each; a live view, invalid after the matrix grows. */
  rows(rows: number): Float32Array {
    return this.data.subarray(0, rows * this.stride);
  }

  row(r: number): Float32Array {
    return this.data.subarray(r * this.stride, r * this.stride + this.dim);
  }

  /** Padding lanes are never written, so they keep the zeros a fresh wasm memory starts with. */
  setRow(r: number, unit: Float32Array): void {
    this.data.set(unit, r * this.stride);
  }

  copyRow(from: number, to: number): void {
    this.data.copyWithin(to * this.stride, from * this.stride, (from + 1) * this.stride);
  }

  setQuery(unit: Float32Array): void {
    this.query.set(unit);
  }

  /** Scores of rows [start, start + count) against the query; count ≤ CHUNK_ROWS; valid until the next call. */
  scoreRows(start: number, count: number): Float32Array {
    const { rowsOffset } = this.wasm;
    this.wasm.kernels.scoreF32(rowsOffset + start * this.stride * 4, count, 0, this.stride, this.scores.byteOffset);
    return this.scores.subarray(0, count);
  }

  /**
   * Indices (relative to start) of rows in [start, start + count) whose dot product with the query is ≥ min;
   * count ≤ CHUNK_ROWS; valid until the next call. The query is the one set by setQuery, or row `queryRow` read in
   * place (no copy per call, which matters when a self-join makes millions of calls).
   */
  rowsAbove(start: number, count: number, min: number, queryRow?: number): Int32Array {
    const { rowsOffset } = this.wasm;
    const rowBytes = this.stride * 4;
    const query = queryRow === undefined ? 0 : rowsOffset + queryRow * rowBytes;
    const found = this.wasm.kernels.aboveF32(rowsOffset + start * rowBytes, count, query, this.stride, this.hits.byteOffset, min);
    return this.hits.subarray(0, found);
  }

  private bindViews(): void {
    const { buffer, rowsOffset } = this.wasm;
    this.query = new Float32Array(buffer, 0, this.stride);
    this.scores = new Float32Array(buffer, this.stride * 4, CHUNK_ROWS);
    this.hits = new Int32Array(buffer, this.stride * 4 + CHUNK_ROWS * 4, CHUNK_ROWS);
    this.data = new Float32Array(buffer, rowsOffset, this.capacity * this.stride);
  }
}
