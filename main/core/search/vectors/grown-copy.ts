/** A longer copy of a typed array, for amortised growth (callers grow by a factor, never by one). */
export function grownCopy<T extends Float32Array | Float64Array | Int32Array>(array: T, length: number): T {
  const next = new (array.constructor as new (length: number) => T)(length);
  next.set(array);
  return next;
}
