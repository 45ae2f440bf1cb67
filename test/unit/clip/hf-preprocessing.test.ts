import { describe, expect, it } from 'vitest';
import { imagePreprocessing } from '../../../main/core/clip/adapters/hf-preprocessing.js';
import { CHINESE_CLIP } from '../../../main/core/clip/chinese-clip-defaults.js';

const mean = [...CHINESE_CLIP.imageMean];
const std = [...CHINESE_CLIP.imageStd];
const read = (config: object) => imagePreprocessing(config, 'preprocessor_config.json');
const refusal = (config: object) => {
  try {
    read(config);
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return 'accepted';
};

describe('imagePreprocessing (preprocessor_config.json → manifest)', () => {
  it("reads the Chinese-CLIP hub config as a direct bicubic resize", () => {
    const hub = { do_resize: true, size: { height: 224, width: 224 }, do_center_crop: false, crop_size: 224, resample: 3, image_mean: mean, image_std: std };
    expect(read(hub)).toEqual({ size: 224, resize: 'direct', interpolation: 'bicubic', mean, std });
    // A crop to the resize size changes nothing, so it is allowed.
    expect(read({ ...hub, do_center_crop: true, crop_size: { height: 224, width: 224 } }).resize).toBe('direct');
  });

  it("reads OpenAI CLIP's shortest-edge resize plus center crop, and an integer size as the shortest edge", () => {
    const openai = { size: { shortest_edge: 336 }, do_center_crop: true, crop_size: { height: 336, width: 336 }, resample: 2, image_mean: [0.5, 0.5, 0.5], image_std: [0.5, 0.5, 0.5] };
    expect(read(openai)).toEqual({ size: 336, resize: 'shortest-side-center-crop', interpolation: 'bilinear', mean: [0.5, 0.5, 0.5], std: [0.5, 0.5, 0.5] });
    expect(read({ size: 224, crop_size: 224 })).toEqual({ size: 224, resize: 'shortest-side-center-crop', interpolation: 'bicubic', mean, std });
  });

  it('uses the CLIP processor defaults for absent fields, and mean 0 / std 1 when normalisation is off', () => {
    expect(read({})).toEqual({ size: 224, resize: 'shortest-side-center-crop', interpolation: 'bicubic', mean, std });
    expect(read({ size: { height: 224, width: 224 }, do_center_crop: false, do_normalize: false })).toMatchObject({ mean: [0, 0, 0], std: [1, 1, 1] });
  });

  it('refuses preprocessing Xuntu does not implement rather than feeding differently prepared pixels', () => {
    const direct = { size: { height: 224, width: 224 }, do_center_crop: false };
    expect(refusal({ ...direct, rescale_factor: 1 / 127.5 })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ ...direct, do_rescale: false })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ ...direct, do_resize: false })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ ...direct, resample: 1 })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ size: { height: 224, width: 256 }, do_center_crop: false })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ ...direct, do_center_crop: true, crop_size: 200 })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ size: { shortest_edge: 256 }, crop_size: 224 })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ size: { shortest_edge: 224 }, do_center_crop: false })).toBe('MODEL_PREPROCESSING_UNSUPPORTED');
    expect(refusal({ size: 'big' })).toBe('MODEL_CONFIG_INVALID');
  });
});
