/** Vectors as the library stores them: little-endian float32 BLOBs, the byte order of every platform Xuntu ships on. */
export function vectorBlob(vector: Float32Array): Buffer {
  return Buffer.from(vector.buffer, vector.byteOffset, vector.byteLength);
}

/** A copy, since a blob's offset in its Buffer need not be a multiple of 4. */
export function blobVector(blob: Buffer): Float32Array {
  return new Float32Array(blob.buffer.slice(blob.byteOffset, blob.byteOffset + blob.byteLength));
}
