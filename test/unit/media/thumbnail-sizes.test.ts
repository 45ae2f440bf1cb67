import { describe, expect, it } from 'vitest';
import { intermediateResize, PREVIEW_RESIZE, previewNeedsLargerDecode } from '../../../main/core/media/thumbnail-sizes.js';

const shortSide = (side: number) => ({ width: side, height: side, fit: 'outside', withoutEnlargement: true });

describe('intermediateResize', () => {
  it.each([
    // [width, height, minShortSide, preview, expected]
    [4000, 3000, 256, true, PREVIEW_RESIZE],
    [4000, 3000, 256, false, shortSide(256)],
    [4000, 3000, 0, true, PREVIEW_RESIZE],
    // A panorama: the grid's short side needs more than the preview's long side, with or without the preview.
    [20000, 1000, 256, true, shortSide(256)],
    [20000, 1000, 256, false, shortSide(256)],
    // Already small enough for every wanted output.
    [1000, 800, 256, true, null],
    [300, 200, 256, false, null],
  ] as const)('%i×%i, short side %i, preview %s', (width, height, minShortSide, preview, expected) => {
    expect(intermediateResize(width, height, minShortSide, preview)).toEqual(expected);
  });
});

describe('previewNeedsLargerDecode', () => {
  it.each([
    [4000, 3000, 256, true],
    [1000, 800, 256, true],
    [300, 200, 256, false],
    [20000, 1000, 256, false],
    [1280, 256, 256, false],
  ] as const)('%i×%i with a %i px short side: %s', (width, height, minShortSide, expected) => {
    expect(previewNeedsLargerDecode(width, height, minShortSide)).toBe(expected);
  });
});
