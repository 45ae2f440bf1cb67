import fs from 'node:fs/promises';
import path from 'node:path';
import { XuntuError } from '../../errors.js';
import { CHINESE_CLIP } from '../chinese-clip-defaults.js';
import type { ModelManifest } from '../model-manifest.js';
import { readOnnxModel } from '../onnx-model-file.js';
import { openSession } from '../ort-session.js';
import { TowerIo, batchOf, contextLengthOf, fixedDim } from '../tower-io.js';
import { modelId, withOverrides, type ModelImporter } from './import-options.js';
import { placeModelFile, removeManifest, writeManifest } from './model-dir-files.js';
import { importTokenizer } from './tokenizer-import.js';

/** `<prefix>.img.<precision>.onnx`: how cn_clip/deploy/pytorch_to_onnx.py names the image graph it writes. */
const OFA_IMAGE_FILE = /^(.+)\.img\.(fp16|fp32)\.onnx$/;

/** Prefix → the precisions for which both graphs, `<prefix>.img.<p>.onnx` and `<prefix>.txt.<p>.onnx`, are present. */
export function ofaExports(fileNames: readonly string[]): Map<string, string[]> {
  const names = new Set(fileNames);
  const exports = new Map<string, string[]>();
  for (const name of fileNames) {
    const [, prefix, precision] = OFA_IMAGE_FILE.exec(name) ?? [];
    if (prefix && precision && names.has(`${prefix}.txt.${precision}.onnx`)) exports.set(prefix, [...(exports.get(prefix) ?? []), precision]);
  }
  return exports;
}

/** Copies (or links) one tower with its `.extra_file` weights and reads its inputs and outputs from the new place. */
async function importTower(src: string, destDir: string): Promise<{ name: string; io: TowerIo }> {
  const { externalFiles } = await readOnnxModel(src);
  const name = path.basename(src);
  // Keeping the original names keeps the fp16 files' external data references (`<name>.onnx.extra_file`, relative
  // to the model file) valid; loading from destDir below proves they still resolve.
  await placeModelFile(src, externalFiles, path.join(destDir, name));
  const { session } = await openSession(path.join(destDir, name), ['cpu'], {}, src);
  const io = new TowerIo(session, src);
  await session.release();
  return { name, io };
}

/**
 * The official OFA-Sys ONNX export (cn_clip/deploy/pytorch_to_onnx.py): two graphs, `image` [N,3,S,S] →
 * `unnorm_image_features` and `text` int64 [1,52] → `unnorm_text_features`, not L2-normalised, no attention mask
 * input (the text graph derives it from [PAD]), no configuration and usually no vocabulary. Preprocessing is
 * Chinese-CLIP's (cn_clip/clip/utils.py image_transform); names, batch and sizes come from the graphs.
 */
export const importOfaSys: ModelImporter = async (sourceDir, destDir, opts) => {
  // A catalog variant names its files; otherwise whatever export the folder holds.
  const exports = ofaExports(opts.files ?? (await fs.readdir(sourceDir)));
  const withVariant = [...exports].filter(([, variants]) => variants.includes(opts.variant));
  if (withVariant.length !== 1) {
    const found = [...exports].map(([prefix, variants]) => `${prefix} (${variants.join(', ')})`).join('; ') || 'none';
    throw new XuntuError(
      withVariant.length ? 'MODEL_FORMAT_AMBIGUOUS' : 'MODEL_VARIANT_UNAVAILABLE',
      `${sourceDir} should hold exactly one OFA-Sys export with a ${opts.variant} image and text graph; found: ${found}`,
    );
  }
  const [prefix] = withVariant[0]!;
  await removeManifest(destDir);
  const image = await importTower(path.join(sourceDir, `${prefix}.img.${opts.variant}.onnx`), destDir);
  const text = await importTower(path.join(sourceDir, `${prefix}.txt.${opts.variant}.onnx`), destDir);

  const pixels = image.io.only('input', 'float32', 4);
  const imageOut = image.io.only('output', 'float32', 2);
  const ids = text.io.only('input', 'int64', 2);
  const textOut = text.io.only('output', 'float32', 2);
  const dim = fixedDim(imageOut, 1);
  if (dim === undefined || dim !== fixedDim(textOut, 1)) {
    throw image.io.unsupported(`the towers' output sizes differ or are not fixed: [${imageOut.shape.join(', ')}] and [${textOut.shape.join(', ')}]`);
  }
  const size = fixedDim(pixels, 2) ?? CHINESE_CLIP.imageSize;
  const tokenizer = await importTokenizer([path.join(sourceDir, 'vocab.txt'), opts.vocabFile], destDir);

  const manifest: ModelManifest = {
    id: modelId(prefix, opts.variant),
    family: 'chinese-clip',
    displayName: `Chinese-CLIP ${prefix} (${opts.variant}, OFA-Sys ONNX)`,
    format: 'xuntu',
    files: { image: image.name, text: text.name, ...tokenizer.files },
    image: {
      input: pixels.name,
      output: imageOut.name,
      batch: batchOf(image.io, pixels),
      size,
      // cn_clip/clip/utils.py image_transform: Resize((S, S), BICUBIC) with no crop, then CLIP's mean/std.
      resize: opts.imageResize ?? 'direct',
      interpolation: 'bicubic',
      mean: [...CHINESE_CLIP.imageMean],
      std: [...CHINESE_CLIP.imageStd],
    },
    text: {
      inputIds: ids.name,
      output: textOut.name,
      batch: batchOf(text.io, ids),
      contextLength: contextLengthOf(ids),
      ...tokenizer.ids,
      // cn_clip/clip/bert_tokenizer.py FullTokenizer(do_lower_case=True).
      lowercase: true,
      pooling: 'in-graph',
    },
    // pytorch_to_onnx.py exports encode_image / encode_text, which stop before the division by the norm.
    outputsNormalized: false,
    embeddingDim: dim,
    logitScale: CHINESE_CLIP.logitScale,
    license: 'MIT',
    source: 'OFA-Sys Chinese-CLIP ONNX export (cn_clip/deploy/pytorch_to_onnx.py)',
  };
  return writeManifest(destDir, withOverrides(manifest, opts));
};
