import type ort from 'onnxruntime-node';
import { XuntuError } from '../errors.js';
import { CHINESE_CLIP } from './chinese-clip-defaults.js';
import type { ModelManifest } from './model-manifest.js';

export type TowerName = 'image' | 'text';

type ValueMetadata = ort.InferenceSession.ValueMetadata;
export type TensorMetadata = Extract<ValueMetadata, { isTensor: true }>;

/**
 * A tower's inputs and outputs as ONNX Runtime reports them (onnxruntime-node 1.30's inputMetadata /
 * outputMetadata: name, element type, and shape with symbolic axes as strings), so imports read names, batch and
 * sizes from the graph itself rather than from conventions.
 */
export class TowerIo {
  readonly inputs: readonly TensorMetadata[];
  readonly outputs: readonly TensorMetadata[];

  constructor(
    session: Pick<ort.InferenceSession, 'inputMetadata' | 'outputMetadata'>,
    private readonly file: string,
  ) {
    const tensors = (values: readonly ValueMetadata[]) =>
      values.map((v) => {
        if (!v.isTensor) throw this.unsupported(`${v.name} is not a tensor`);
        return v;
      });
    this.inputs = tensors(session.inputMetadata);
    this.outputs = tensors(session.outputMetadata);
  }

  unsupported(problem: string): XuntuError {
    return new XuntuError('MODEL_UNSUPPORTED', `${this.file}: ${problem}`);
  }

  /** The named input or output, checked to have the element type and rank the engine feeds or reads. */
  tensor(kind: 'input' | 'output', name: string, type: ort.Tensor.Type, rank: number): TensorMetadata {
    const found = (kind === 'input' ? this.inputs : this.outputs).find((v) => v.name === name);
    if (!found) throw this.unsupported(`has no ${kind} named ${name}`);
    return this.checked(kind, found, type, rank);
  }

  /** The only input or output, for graphs that name theirs freely (the OFA-Sys export). */
  only(kind: 'input' | 'output', type: ort.Tensor.Type, rank: number): TensorMetadata {
    const values = kind === 'input' ? this.inputs : this.outputs;
    if (values.length !== 1) throw this.unsupported(`expected one ${kind}, found ${values.map((v) => v.name).join(', ') || 'none'}`);
    return this.checked(kind, values[0]!, type, rank);
  }

  private checked(kind: string, value: TensorMetadata, type: ort.Tensor.Type, rank: number): TensorMetadata {
    if (value.type !== type || value.shape.length !== rank) {
      throw this.unsupported(`${kind} ${value.name} is ${value.type} [${value.shape.join(', ')}], expected ${type} of rank ${rank}`);
    }
    return value;
  }
}

/** The size of a fixed axis; undefined for a symbolic one. */
export function fixedDim(value: TensorMetadata, axis: number): number | undefined {
  const dim = value.shape[axis];
  return typeof dim === 'number' && dim > 0 ? dim : undefined;
}

/** Token positions a text input takes: fixed in the graph, else Chinese-CLIP's 52 (cn_clip/clip/utils.py tokenize). */
export function contextLengthOf(inputIds: TensorMetadata): number {
  return fixedDim(inputIds, 1) ?? CHINESE_CLIP.contextLength;
}

/** The manifest's batch: 1 for a graph exported with a fixed batch, 'dynamic' for a symbolic first axis. */
export function batchOf(io: TowerIo, value: TensorMetadata): 1 | 'dynamic' {
  const dim = fixedDim(value, 0);
  if (dim === undefined) return 'dynamic';
  if (dim === 1) return 1;
  throw io.unsupported(`${value.name} has a fixed batch of ${dim}; Xuntu runs fixed-batch graphs one item at a time, so only 1 works`);
}

/** Checks that a tower takes and returns the tensors its manifest names, with the types the engine feeds and reads. */
export function checkTowerIo(tower: TowerName, io: TowerIo, manifest: ModelManifest): void {
  if (tower === 'image') {
    io.tensor('input', manifest.image.input, 'float32', 4);
    io.tensor('output', manifest.image.output, 'float32', 2);
    return;
  }
  io.tensor('input', manifest.text.inputIds, 'int64', 2);
  if (manifest.text.attentionMask) io.tensor('input', manifest.text.attentionMask, 'int64', 2);
  io.tensor('output', manifest.text.output, 'float32', 2);
}
