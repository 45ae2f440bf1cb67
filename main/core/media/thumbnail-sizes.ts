import type { ResizeOptions } from 'sharp';

/** Grid thumbnails fill square-ish cells, so their short side is fixed (fit 'outside'). */
export const GRID_SHORT_SIDE = 256;
/** The viewer's preview: the long side is fixed (fit 'inside'). */
export const PREVIEW_LONG_SIDE = 1280;

/** WebP cannot be wider or taller than this. */
const WEBP_MAX_SIDE = 16383;

export const PREVIEW_RESIZE: ResizeOptions = { width: PREVIEW_LONG_SIDE, height: PREVIEW_LONG_SIDE, fit: 'inside', withoutEnlargement: true };

/**
 * Short side 256 px, except for panoramas so extreme (over 64:1) that the long side would pass WebP's limit: those
 * are fitted inside WebP's largest square instead.
 */
export function gridResize(width: number, height: number): ResizeOptions {
  const long = Math.max(width, height);
  const short = Math.min(width, height);
  return (long * GRID_SHORT_SIDE) / short > WEBP_MAX_SIDE
    ? { width: WEBP_MAX_SIDE, height: WEBP_MAX_SIDE, fit: 'inside', withoutEnlargement: true }
    : { width: GRID_SHORT_SIDE, height: GRID_SHORT_SIDE, fit: 'outside', withoutEnlargement: true };
}

/**
 * The resize from the displayed full-size image to the one intermediate every wanted output is cut from: the
 * smallest size that enlarges none of them. The grid thumbnail and the CLIP input need a short side of
 * `minShortSide`; with `preview`, the intermediate also keeps the preview's 1280 px long side, which is the larger
 * need except for panoramas. Returns null when the image is already no larger than needed.
 */
export function intermediateResize(width: number, height: number, minShortSide: number, preview: boolean): ResizeOptions | null {
  const byPreview = preview ? PREVIEW_LONG_SIDE / Math.max(width, height) : 0;
  const byShortSide = minShortSide / Math.min(width, height);
  if (Math.max(byPreview, byShortSide) >= 1) return null;
  return byPreview >= byShortSide
    ? PREVIEW_RESIZE
    : { width: minShortSide, height: minShortSide, fit: 'outside', withoutEnlargement: true };
}

/** Whether the preview needs more pixels decoded than the grid thumbnail and the CLIP input (`minShortSide`). */
export function previewNeedsLargerDecode(width: number, height: number, minShortSide: number): boolean {
  const scale = (wanted: number, side: number) => Math.min(1, wanted / side);
  return scale(PREVIEW_LONG_SIDE, Math.max(width, height)) > scale(minShortSide, Math.min(width, height));
}
