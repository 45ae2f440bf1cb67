import type { Sharp } from 'sharp';

/** An EXIF orientation 1..8, or null for absent and out-of-range values (9, 0, garbage). */
export function validOrientation(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 8 ? value : null;
}

/** Orientations 5..8 turn the picture a quarter, so the displayed width is the stored height. */
export function swapsSides(orientation: number | null): boolean {
  return orientation !== null && orientation >= 5;
}

/**
 * sharp's operations equal to each EXIF orientation. sharp mirrors (flop) before it rotates, hence 5 and 7 look
 * swapped against the usual "rotate, then mirror" tables; a unit test checks all eight against autoOrient().
 */
const OPERATIONS: Record<number, { angle: number; flop: boolean }> = {
  1: { angle: 0, flop: false },
  2: { angle: 0, flop: true },
  3: { angle: 180, flop: false },
  4: { angle: 180, flop: true },
  5: { angle: 270, flop: true },
  6: { angle: 90, flop: false },
  7: { angle: 90, flop: true },
  8: { angle: 270, flop: false },
};

/**
 * Applies an orientation that is not in the image's own metadata (a RAW preview takes its container's). Images
 * carrying their own tag use sharp's autoOrient() instead.
 */
export function applyOrientation(image: Sharp, orientation: number): Sharp {
  const op = OPERATIONS[orientation];
  if (!op) return image;
  if (op.angle !== 0) image.rotate(op.angle);
  if (op.flop) image.flop();
  return image;
}
