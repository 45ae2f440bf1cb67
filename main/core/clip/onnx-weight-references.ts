import onnxProto, { type onnx } from 'onnx-proto';

const { DataLocation } = onnxProto.onnx.TensorProto;

/** Smaller tensors stay inline, as onnx's save_model(size_threshold=1024) keeps them. */
const MIN_REFERENCED_BYTES = 1024;

/**
 * Replaces the large inline initializers of a model decoded from `fileBytes` with external-data references into
 * that same file, at the byte offsets where their raw data already sit: `location` names the file (relative to
 * where the new model will be written). A model split out of a 750 MB graph then takes kilobytes and milliseconds
 * to write, and its weights stay in the one unchanged upstream file instead of being copied per tower. ONNX
 * Runtime reads external data at any offset, aligned or not.
 *
 * Tensors not decoded as views of `fileBytes` (already external, or stored in typed fields) are returned as is.
 */
export function referenceInlineWeights(initializers: readonly onnx.ITensorProto[], fileBytes: Uint8Array, location: string): onnx.ITensorProto[] {
  return initializers.map((tensor) => {
    const raw = tensor.rawData;
    if (tensor.dataLocation === DataLocation.EXTERNAL || !raw || raw.byteLength < MIN_REFERENCED_BYTES || raw.buffer !== fileBytes.buffer) {
      return tensor;
    }
    return {
      ...tensor,
      rawData: new Uint8Array(0),
      dataLocation: DataLocation.EXTERNAL,
      externalData: [
        { key: 'location', value: location },
        { key: 'offset', value: String(raw.byteOffset - fileBytes.byteOffset) },
        { key: 'length', value: String(raw.byteLength) },
      ],
    };
  });
}
