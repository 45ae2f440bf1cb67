import { z } from 'zod';
import { XuntuError } from '../../errors.js';
import { CHINESE_CLIP } from '../chinese-clip-defaults.js';
import type { ModelManifest } from '../model-manifest.js';

const side = z.number().int().positive();
const square = z.object({ height: side, width: side });
const rgb = z.tuple([z.number(), z.number(), z.number()]);

/**
 * The fields of a Hugging Face preprocessor_config.json that decide the image tensor, with the defaults of
 * transformers' ChineseCLIPImageProcessor / CLIPImageProcessor for absent ones. An integer `size` is the shortest
 * edge, as those processors read it (get_size_dict(size, default_to_square=False)).
 */
const preprocessorSchema = z.object({
  do_resize: z.boolean().default(true),
  size: z.union([side, square, z.object({ shortest_edge: side })]).default({ shortest_edge: CHINESE_CLIP.imageSize }),
  do_center_crop: z.boolean().default(true),
  crop_size: z.union([side, square]).default(CHINESE_CLIP.imageSize),
  resample: z.number().int().default(3),
  do_rescale: z.boolean().default(true),
  rescale_factor: z.number().default(1 / 255),
  do_normalize: z.boolean().default(true),
  image_mean: rgb.default([...CHINESE_CLIP.imageMean]),
  image_std: rgb.default([...CHINESE_CLIP.imageStd]),
});

/** PIL filter numbers, the `resample` values these configs use. */
const INTERPOLATION: Record<number, ModelManifest['image']['interpolation']> = { 2: 'bilinear', 3: 'bicubic' };

export type ImagePreprocessing = Pick<ModelManifest['image'], 'size' | 'resize' | 'interpolation' | 'mean' | 'std'>;

/**
 * Maps preprocessor_config.json onto the two pipelines Xuntu implements, refusing anything else rather than
 * feeding the model differently prepared pixels:
 * - `size: {height, width}` (square): a direct resize, Chinese-CLIP's (the hub configs set do_center_crop false;
 *   a crop to the same size is a no-op and allowed);
 * - `size: {shortest_edge: n}` with a center crop to n: OpenAI CLIP's.
 */
export function imagePreprocessing(json: unknown, file: string): ImagePreprocessing {
  const parsed = preprocessorSchema.safeParse(json);
  if (!parsed.success) throw new XuntuError('MODEL_CONFIG_INVALID', `${file} is not a preprocessor configuration Xuntu can read: ${parsed.error.message}`);
  const c = parsed.data;
  const unsupported = (what: string) => new XuntuError('MODEL_PREPROCESSING_UNSUPPORTED', `${file}: ${what}; Xuntu supports a square direct resize, or shortest-side resize plus a center crop to the same size`);

  if (!c.do_resize) throw unsupported('do_resize is false');
  if (!c.do_rescale || Math.abs(c.rescale_factor - 1 / 255) > 1e-9) throw unsupported(`pixels are rescaled by ${c.do_rescale ? c.rescale_factor : 1}, not 1/255`);
  const interpolation = INTERPOLATION[c.resample];
  if (!interpolation) throw unsupported(`resample ${c.resample} is neither bicubic (3) nor bilinear (2)`);
  const crop = typeof c.crop_size === 'number' ? c.crop_size : c.crop_size.height === c.crop_size.width ? c.crop_size.height : undefined;
  const mean: [number, number, number] = c.do_normalize ? c.image_mean : [0, 0, 0];
  const std: [number, number, number] = c.do_normalize ? c.image_std : [1, 1, 1];

  if (typeof c.size === 'object' && 'height' in c.size) {
    if (c.size.height !== c.size.width) throw unsupported(`the resize target ${c.size.width}×${c.size.height} is not square`);
    if (c.do_center_crop && crop !== c.size.height) throw unsupported(`a ${c.size.height}-pixel resize is followed by a different center crop`);
    return { size: c.size.height, resize: 'direct', interpolation, mean, std };
  }
  const shortest = typeof c.size === 'number' ? c.size : c.size.shortest_edge;
  if (!c.do_center_crop || crop !== shortest) throw unsupported(`a shortest-edge resize to ${shortest} is not followed by a center crop to ${shortest}`);
  return { size: shortest, resize: 'shortest-side-center-crop', interpolation, mean, std };
}
