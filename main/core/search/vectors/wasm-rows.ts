import { XuntuError } from '../../errors.js';
import { instantiateDotKernels, STRIDE_MULTIPLE, type DotKernels } from './dot-kernels.js';
import { wasm, type WasmMemory } from './wasm-runtime.js';

const PAGE_BYTES = 65_536;
/** wasm32 addresses 4 GiB: about 2M float32 rows of 512 dims, far beyond a personal library. */
const MAX_PAGES = 65_536;

/** Row length rounded up so the kernels' unrolled loop needs no remainder. */
export function paddedStride(dim: number): number {
  return Math.ceil(dim / STRIDE_MULTIPLE) * STRIDE_MULTIPLE;
}

/**
 * A wasm memory laid out as [scratch | rows], where the kernels find their query and write their results in the
 * scratch. Only the rows region grows and it comes last, so growing is an in-place memory.grow (V8 reserves the
 * address space up front; measured 2 GiB → 4 GiB in milliseconds, no copy). Growing detaches the old ArrayBuffer,
 * so reserve() reports it and the owner rebuilds its typed-array views.
 */
export class WasmRows {
  private readonly memory: WasmMemory;
  readonly kernels: DotKernels;
  readonly rowsOffset: number;

  constructor(
    scratchBytes: number,
    private readonly rowBytes: number,
  ) {
    this.rowsOffset = Math.ceil(scratchBytes / 64) * 64;
    this.memory = new wasm.Memory({ initial: Math.ceil(this.rowsOffset / PAGE_BYTES) });
    this.kernels = instantiateDotKernels(this.memory);
  }

  /** Rows that fit in the memory as it is now; views sized by it stay valid until the next growth. */
  get capacity(): number {
    return Math.floor((this.memory.buffer.byteLength - this.rowsOffset) / this.rowBytes);
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer;
  }

  /** Makes room for `rows` rows; true when the memory grew and views on the old buffer were detached. */
  reserve(rows: number): boolean {
    if (rows <= this.capacity) return false;
    const pages = Math.ceil((this.rowsOffset + rows * this.rowBytes) / PAGE_BYTES);
    if (pages > MAX_PAGES) {
      throw new XuntuError('INDEX_TOO_LARGE', `${rows} vectors of ${this.rowBytes} bytes exceed the 4 GiB a wasm memory can address`);
    }
    this.memory.grow(pages - this.memory.buffer.byteLength / PAGE_BYTES);
    return true;
  }
}
