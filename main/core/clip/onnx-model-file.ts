import fs from 'node:fs/promises';
import path from 'node:path';
import onnxProto, { type onnx } from 'onnx-proto';
import { XuntuError, errorMessage } from '../errors.js';

const proto = onnxProto.onnx;

/** The error for a model file that exists but cannot be used, with what the user can do about it. */
export function corruptModelError(file: string, problem: string, cause?: unknown): XuntuError {
  return new XuntuError(
    'MODEL_CORRUPT',
    `${file} ${problem}; the file may be truncated or damaged: run \`xuntu model verify\` to check the model, or re-download it with \`xuntu model fetch\``,
    { cause },
  );
}

/** A decoded ONNX model with the bytes it was decoded from (its initializers' raw data are views into them). */
export interface OnnxModelFile {
  file: string;
  bytes: Buffer;
  model: onnx.ModelProto;
  graph: onnx.IGraphProto;
  /** The external data files its tensors live in, relative to the model's folder, each checked to exist. */
  externalFiles: string[];
}

/** The graphs held in a node's attributes: the branches of If, the bodies of Loop and Scan. */
export function subgraphsOf(node: onnx.INodeProto): onnx.IGraphProto[] {
  return (node.attribute ?? []).flatMap((a) => [...(a.g ? [a.g] : []), ...(a.graphs ?? [])]);
}

function externalLocations(graph: onnx.IGraphProto, out: Set<string>): void {
  for (const tensor of graph.initializer ?? []) {
    if (tensor.dataLocation !== proto.TensorProto.DataLocation.EXTERNAL) continue;
    const location = tensor.externalData?.find((e) => e.key === 'location')?.value;
    if (location) out.add(location);
  }
  for (const node of graph.node ?? []) for (const sub of subgraphsOf(node)) externalLocations(sub, out);
}

/** External data locations of a model (ONNX stores them relative to the model file), each once. */
export function externalDataFiles(model: onnx.IModelProto): string[] {
  const locations = new Set<string>();
  if (model.graph) externalLocations(model.graph, locations);
  return [...locations];
}

/**
 * Reads and decodes an ONNX model, so a truncated or foreign file fails here with a useful message rather than
 * deep inside an import. protobufjs decodes `bytes` fields of a Buffer as views, so a 750 MB model costs its file
 * size once, not twice (and stays under protobufjs's 2 GB limit for the models Xuntu imports).
 */
export async function readOnnxModel(file: string): Promise<OnnxModelFile> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(file);
  } catch (err) {
    throw new XuntuError('MODEL_NOT_FOUND', `cannot read the model file ${file}: ${errorMessage(err)}`, { cause: err });
  }
  let model: onnx.ModelProto;
  try {
    model = proto.ModelProto.decode(bytes);
  } catch (err) {
    throw corruptModelError(file, `is not a readable ONNX model (${errorMessage(err)})`, err);
  }
  const { graph } = model;
  if (!graph?.node?.length || !graph.output?.length) throw corruptModelError(file, 'has no graph');

  const dir = path.dirname(file);
  const externalFiles = externalDataFiles(model);
  for (const location of externalFiles) {
    // ONNX Runtime refuses locations outside the model folder too; checking here names the problem.
    if (path.isAbsolute(location) || location.split(/[/\\]/).includes('..')) {
      throw corruptModelError(file, `stores weights outside its folder (${location})`);
    }
    try {
      await fs.access(path.join(dir, location));
    } catch (err) {
      throw corruptModelError(file, `keeps its weights in ${location}, which is missing beside it`, err);
    }
  }
  return { file, bytes, model, graph, externalFiles };
}
