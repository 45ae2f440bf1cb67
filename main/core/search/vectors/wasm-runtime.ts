/**
 * The slice of the WebAssembly JS API the kernels use, typed locally: the project compiles without the DOM lib and
 * @types/node 20 does not declare WebAssembly, while declaring it globally here could clash with whichever of the
 * two a later change brings in. The object itself is the runtime's global.
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  /** Adds pages of 64 KiB; detaches the previous buffer. */
  grow(pages: number): number;
}

export interface WasmModule {
  readonly kind: 'wasm-module';
}

interface WasmApi {
  Memory: new (descriptor: { initial: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: Record<string, Record<string, unknown>>) => { exports: unknown };
}

export const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
