import fs from 'node:fs/promises';
import path from 'node:path';
import ort from 'onnxruntime-node';
import onnxProto from 'onnx-proto';
import { z } from 'zod';
import { XuntuError, errorMessage } from '../../errors.js';
import { loadBertTokenizer } from '../bert-tokenizer.js';
import { CHINESE_CLIP } from '../chinese-clip-defaults.js';
import { readModelManifest } from '../model-manifest-file.js';
import type { ModelManifest } from '../model-manifest.js';
import { readOnnxModel } from '../onnx-model-file.js';
import { extractSubgraph } from '../onnx-subgraph.js';
import { referenceInlineWeights } from '../onnx-weight-references.js';
import { TowerIo, batchOf, contextLengthOf, fixedDim, type TowerName } from '../tower-io.js';
import { imagePreprocessing, type ImagePreprocessing } from './hf-preprocessing.js';
import { fingerprintFiles, unchangedSince } from './import-fingerprint.js';
import { modelId, withOverrides, type ImportOptions, type ModelImporter } from './import-options.js';
import { placeModelFile, removeManifest, writeManifest } from './model-dir-files.js';
import { checkSplit } from './split-check.js';
import { importTokenizer } from './tokenizer-import.js';

/** Tensor names of Optimum's CLIP / Chinese-CLIP export (optimum/exporters/onnx/model_configs.py CLIPOnnxConfig). */
const HF = { pixels: 'pixel_values', inputIds: 'input_ids', attentionMask: 'attention_mask', image: 'image_embeds', text: 'text_embeds' } as const;

const TOWERS: Record<TowerName, { file: string; output: string }> = {
  image: { file: 'image.onnx', output: HF.image },
  text: { file: 'text.onnx', output: HF.text },
};

/** The text the split check tokenizes: Chinese and Latin words, so both WordPiece paths are exercised. */
const SAMPLE_TEXT = '一只在草地上奔跑的小狗 a dog running on the grass';

/**
 * Split towers run exactly the combined graph's nodes, so only a different kernel fusion across the cut could make
 * them differ: nothing beyond float32 rounding, or fp16 / int8 rounding for the reduced-precision variants.
 */
const splitTolerance = (variant: string) => (variant === 'fp32' ? 1e-5 : 1e-3);

/**
 * The file names a variant goes by, in order of preference. transformers.js names them model.onnx (fp32),
 * model_fp16.onnx, model_quantized.onnx (its "q8", the catalog's "int8"), model_int8.onnx, model_q4.onnx, ….
 */
function fileNamesOf(variant: string): string[] {
  if (variant === 'fp32') return ['model.onnx'];
  if (variant === 'q8' || variant === 'quantized') return ['model_quantized.onnx'];
  if (variant === 'int8') return ['model_int8.onnx', 'model_quantized.onnx'];
  return [`model_${variant}.onnx`];
}

/** The combined model files of a Hugging Face folder: onnx/model*.onnx (the hub layout), else model*.onnx. */
export async function hfModelFiles(dir: string): Promise<string[]> {
  for (const sub of ['onnx', '.']) {
    const entries = await fs.readdir(path.join(dir, sub), { withFileTypes: true }).catch(() => []);
    const found = entries.filter((e) => e.isFile() && /^model(_.+)?\.onnx$/.test(e.name)).map((e) => path.join(dir, sub, e.name));
    if (found.length) return found;
  }
  return [];
}

/** The variant's combined graph: the .onnx file its catalog entry lists, else the one its name conventionally has. */
async function variantModelFile(sourceDir: string, opts: ImportOptions): Promise<string> {
  const listed = opts.files?.find((f) => f.endsWith('.onnx'));
  if (listed) return path.join(sourceDir, listed);
  const found = await hfModelFiles(sourceDir);
  const names = fileNamesOf(opts.variant);
  const file = names.map((name) => found.find((f) => path.basename(f) === name)).find((f) => f !== undefined);
  if (file) return file;
  throw new XuntuError(
    'MODEL_VARIANT_UNAVAILABLE',
    `${sourceDir} has no ${names.join(' or ')} for variant ${opts.variant}; it has ${found.map((f) => path.relative(sourceDir, f)).join(', ')}`,
  );
}

async function readJson(file: string): Promise<unknown> {
  try {
    return JSON.parse(await fs.readFile(file, 'utf8'));
  } catch (err) {
    throw new XuntuError('MODEL_CONFIG_INVALID', `cannot read ${file}: ${errorMessage(err)}`, { cause: err });
  }
}

const exists = (file: string) => fs.access(file).then(() => true, () => false);

/** The given files that exist, in order. */
async function present(files: readonly (string | undefined)[]): Promise<string[]> {
  const found = await Promise.all(files.map(async (f) => (f && (await exists(f)) ? f : undefined)));
  return found.filter((f): f is string => !!f);
}

const readOptionalJson = async (file: string) => ((await exists(file)) ? readJson(file) : {});

const configSchema = z.object({ _name_or_path: z.string().optional(), model_type: z.string().optional() });
const tokenizerConfigSchema = z.object({ do_lower_case: z.boolean().optional() });

/**
 * Writes image.onnx and text.onnx, each holding only the nodes its embedding depends on: ONNX Runtime computes
 * every tower of a combined graph whichever output is fetched, so running the combined model for images would pay
 * for the text tower too. The towers keep their weights in the upstream file, placed unchanged beside them
 * (onnx-weight-references.ts), together with any external data it already had. Returns those external data files.
 */
async function splitCombinedModel(modelFile: string, destDir: string): Promise<string[]> {
  const { bytes, model, graph: combined, externalFiles } = await readOnnxModel(modelFile);
  const outputs = new Set((combined.output ?? []).map((o) => o.name));
  for (const [name, tower] of Object.entries(TOWERS)) {
    if (!outputs.has(tower.output)) {
      throw new XuntuError('MODEL_UNSUPPORTED', `${modelFile} has no ${tower.output} output, so its ${name} tower cannot be split out; is it a CLIP model exported by Optimum?`);
    }
    const graph = extractSubgraph(combined, [tower.output]);
    graph.initializer = referenceInlineWeights(graph.initializer ?? [], bytes, path.basename(modelFile));
    const file = path.join(destDir, tower.file);
    // A new file, never a write through an old one: a previous import may have left a hard link to a source there.
    await fs.rm(file, { force: true });
    await fs.writeFile(file, onnxProto.onnx.ModelProto.encode({ ...model, graph }).finish());
  }
  await placeModelFile(modelFile, externalFiles, path.join(destDir, path.basename(modelFile)));
  return externalFiles.map((location) => path.join(path.dirname(modelFile), location));
}

/**
 * The manifest of an earlier import into `destDir` from the same, unchanged source files, whose split can be
 * reused; undefined when there is none.
 */
async function previousImport(destDir: string, sourceDir: string, sources: readonly string[], variant: string): Promise<ModelManifest | undefined> {
  const previous = await readModelManifest(destDir).catch(() => undefined);
  const recorded = previous?.importedFrom;
  if (!previous || recorded?.format !== 'hf-combined' || recorded.variant !== variant) return undefined;
  const kept = await Promise.all(Object.values(previous.files).map((f) => exists(path.join(destDir, f))));
  return kept.every(Boolean) && (await unchangedSince(recorded.files, sourceDir, sources)) ? previous : undefined;
}

/** A pseudo-random image (xorshift32, fixed seed), prepared as the manifest says. */
function sampleImage(p: ImagePreprocessing): Float32Array {
  const plane = p.size * p.size;
  const out = new Float32Array(3 * plane);
  let state = 0x9e3779b9;
  for (let i = 0; i < out.length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const c = Math.floor(i / plane);
    out[i] = (((state >>> 0) % 256) / 255 - p.mean[c]!) / p.std[c]!;
  }
  return out;
}

/**
 * The Hugging Face / Optimum / transformers.js export: one graph taking pixel_values, input_ids and
 * attention_mask and returning L2-normalised image_embeds and text_embeds (plus the logits), with
 * preprocessor_config.json, tokenizer_config.json and tokenizer.json or vocab.txt beside it. Imported by splitting
 * the graph into one model per tower and proving the split on a sample before writing the manifest. Re-importing
 * unchanged source files reuses the previous split.
 */
export const importHfCombined: ModelImporter = async (sourceDir, destDir, opts) => {
  const modelFile = await variantModelFile(sourceDir, opts);
  const at = (name: string) => path.join(sourceDir, name);
  const preprocessorFile = at('preprocessor_config.json');
  const configFile = at('config.json');
  const tokenizerConfigFile = at('tokenizer_config.json');
  const tokenizerCandidates = [at('tokenizer.json'), at('vocab.txt'), opts.vocabFile];
  // Everything the import reads, for the re-import check; importTokenizer takes the first tokenizer present too.
  const sources = [modelFile, preprocessorFile, ...(await present([configFile, tokenizerConfigFile])), ...(await present(tokenizerCandidates)).slice(0, 1)];

  const previous = await previousImport(destDir, sourceDir, sources, opts.variant);
  if (previous) return writeManifest(destDir, withOverrides(previous, opts));

  const preprocessing = imagePreprocessing(await readJson(preprocessorFile), preprocessorFile);
  const config = configSchema.safeParse(await readOptionalJson(configFile)).data ?? {};
  const tokenizerConfig = tokenizerConfigSchema.safeParse(await readOptionalJson(tokenizerConfigFile)).data ?? {};
  await removeManifest(destDir);
  await fs.mkdir(destDir, { recursive: true });
  const tokenizer = await importTokenizer(tokenizerCandidates, destDir);
  // BertTokenizer's do_lower_case defaults to true, as Chinese-CLIP's tokenizer does.
  const lowercase = tokenizerConfig.do_lower_case ?? tokenizer.lowercase ?? true;
  const externalFiles = await splitCombinedModel(modelFile, destDir);

  const sampleFeeds = async (combined: TowerIo) => {
    const known = new Set<string>([HF.pixels, HF.inputIds, HF.attentionMask]);
    const unknown = combined.inputs.filter((v) => !known.has(v.name)).map((v) => v.name);
    if (unknown.length) throw combined.unsupported(`takes inputs Xuntu does not provide: ${unknown.join(', ')}`);
    const ids = combined.tensor('input', HF.inputIds, 'int64', 2);
    combined.tensor('input', HF.pixels, 'float32', 4);
    const contextLength = contextLengthOf(ids);
    const tok = await loadBertTokenizer({ ...tokenizer.loadFrom, lowercase, contextLength });
    const { inputIds, attentionMask } = tok.encode(SAMPLE_TEXT);
    const { size } = preprocessing;
    return {
      [HF.pixels]: new ort.Tensor('float32', sampleImage(preprocessing), [1, 3, size, size]),
      [HF.inputIds]: new ort.Tensor('int64', inputIds, [1, contextLength]),
      [HF.attentionMask]: new ort.Tensor('int64', attentionMask, [1, contextLength]),
    };
  };
  const towerFiles = (name: TowerName) => ({ file: path.join(destDir, TOWERS[name].file), output: TOWERS[name].output });
  const checked = await checkSplit(modelFile, { image: towerFiles('image'), text: towerFiles('text') }, sampleFeeds, splitTolerance(opts.variant));

  const { io: imageIo } = checked.image;
  const { io: textIo } = checked.text;
  const pixels = imageIo.only('input', 'float32', 4);
  const graphSize = fixedDim(pixels, 2);
  if (graphSize !== undefined && graphSize !== preprocessing.size) {
    throw imageIo.unsupported(`takes ${graphSize}-pixel images but preprocessor_config.json prepares ${preprocessing.size}`);
  }
  const ids = textIo.tensor('input', HF.inputIds, 'int64', 2);
  const hasMask = textIo.inputs.some((v) => v.name === HF.attentionMask);
  if (hasMask) textIo.tensor('input', HF.attentionMask, 'int64', 2);
  const dim = checked.image.dims[1]!;
  if (checked.text.dims[1] !== dim) throw imageIo.unsupported(`image and text embeddings differ in size (${dim} and ${checked.text.dims[1]})`);

  const name = config._name_or_path ?? path.basename(path.resolve(sourceDir));
  const manifest: ModelManifest = {
    id: modelId(name, opts.variant),
    family: config.model_type?.replace(/_/g, '-') ?? 'chinese-clip',
    displayName: `${name} (${opts.variant}, Hugging Face ONNX)`,
    format: 'xuntu',
    files: { image: TOWERS.image.file, text: TOWERS.text.file, ...tokenizer.files },
    image: { input: pixels.name, output: HF.image, batch: batchOf(imageIo, pixels), ...preprocessing },
    text: {
      inputIds: ids.name,
      ...(hasMask && { attentionMask: HF.attentionMask }),
      output: HF.text,
      batch: batchOf(textIo, ids),
      contextLength: contextLengthOf(ids),
      ...tokenizer.ids,
      lowercase,
      pooling: 'in-graph',
    },
    // transformers' ChineseCLIPModel.forward divides both embeddings by their norm before returning them.
    outputsNormalized: true,
    embeddingDim: dim,
    logitScale: CHINESE_CLIP.logitScale,
    license: 'unknown',
    source: `Hugging Face ONNX export ${name}`,
    importedFrom: { format: 'hf-combined', variant: opts.variant, files: await fingerprintFiles(sourceDir, [...sources, ...externalFiles]) },
  };
  return writeManifest(destDir, withOverrides(manifest, opts));
};
