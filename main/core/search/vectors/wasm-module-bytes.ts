/**
 * Just enough of the WebAssembly binary format to emit the similarity kernels at startup. Writing the bytes here,
 * instead of shipping a .wasm built by a toolchain, keeps the kernels reviewable as TypeScript and the project
 * free of a native or wasm build step; the module is a few hundred bytes and compiles in well under a millisecond.
 *
 * Reference: https://webassembly.github.io/spec/core/binary/ (fixed-width SIMD is part of the 2.0 spec and on by
 * default in every Node and Electron we run on).
 */

export const valType = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;
export type ValType = (typeof valType)[keyof typeof valType];

export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** The instructions the kernels use; each returns its encoded bytes so bodies read as flat instruction lists. */
export const op = {
  localGet: (i: number) => [0x20, ...uleb(i)],
  localSet: (i: number) => [0x21, ...uleb(i)],
  localTee: (i: number) => [0x22, ...uleb(i)],
  i32Const: (n: number) => [0x41, ...sleb(n)],
  i32Add: [0x6a],
  i32Shl: [0x74],
  i32Eqz: [0x45],
  i32LtU: [0x49],
  f32Add: [0x92],
  f32Ge: [0x60],
  /** Natural alignment is given as log2(bytes); it is only a hint, the kernels never rely on it. */
  i32Store: (offset = 0) => [0x36, 2, ...uleb(offset)],
  f32Store: (offset = 0) => [0x38, 2, ...uleb(offset)],
  /** Structured control with an empty block type. */
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  if: [0x04, 0x40],
  end: [0x0b],
  brIf: (depth: number) => [0x0d, ...uleb(depth)],
  v128Load: (offset = 0) => simd(0x00, 4, ...uleb(offset)),
  /** Loads 8 bytes and sign-extends each to 16 bits. */
  v128Load8x8S: (offset = 0) => simd(0x01, 3, ...uleb(offset)),
  v128Zero: simd(0x0c, ...new Array<number>(16).fill(0)),
  i32x4ExtractLane: (lane: number) => simd(0x1b, lane),
  f32x4ExtractLane: (lane: number) => simd(0x1f, lane),
  i32x4Add: simd(0xae),
  /** Multiplies eight signed 16-bit lane pairs and adds adjacent products into four 32-bit lanes. */
  i32x4DotI16x8S: simd(0xba),
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
};

function simd(opcode: number, ...immediates: number[]): number[] {
  return [0xfd, ...uleb(opcode), ...immediates];
}

export interface FunctionSpec {
  name: string;
  params: ValType[];
  results: ValType[];
  /** Declared after the params, so the first local's index is params.length. */
  locals: ValType[];
  body: number[];
}

/** A module importing its memory as env.memory and exporting each function under its name. */
export function encodeModule(functions: FunctionSpec[]): Uint8Array {
  const types = functions.map((f) => [0x60, ...vec(f.params.map((t) => [t])), ...vec(f.results.map((t) => [t]))]);
  const memoryImport = [...name('env'), ...name('memory'), 0x02, 0x00, ...uleb(1)];
  const bodies = functions.map((f) => {
    const code = [...vec(f.locals.map((t) => [1, t])), ...f.body, ...op.end];
    return [...uleb(code.length), ...code];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vec(types)),
    ...section(2, vec([memoryImport])),
    ...section(3, vec(functions.map((_, i) => uleb(i)))),
    ...section(7, vec(functions.map((f, i) => [...name(f.name), 0x00, ...uleb(i)]))),
    ...section(10, vec(bodies)),
  ]);
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(text: string): number[] {
  return vec([...new TextEncoder().encode(text)].map((b) => [b]));
}

function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}
