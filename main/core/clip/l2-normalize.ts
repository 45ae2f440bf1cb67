/** Scales each `dim`-long row of `data` to unit length, in place; an all-zero row stays zero. */
export function normalizeRows(data: Float32Array, dim: number): Float32Array {
  for (let start = 0; start < data.length; start += dim) {
    let sum = 0;
    for (let i = start; i < start + dim; i++) sum += data[i]! * data[i]!;
    if (sum === 0) continue;
    const scale = 1 / Math.sqrt(sum);
    for (let i = start; i < start + dim; i++) data[i]! *= scale;
  }
  return data;
}
