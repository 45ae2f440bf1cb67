import type { Precision } from '../fixtures/full-size-clip/transformer-layers.js';
import type { Figure } from './bench-suite.js';

/** Operations in one forward pass of the ViT-B/16 image tower on a 224 px image (multiply-adds counted as two). */
export const VIT_B16_GFLOPS = 35.1;

/**
 * Units of the machine suite's MatMul rates. int8 gets its own unit so that the report reads an int8 tower only
 * against the int8 product rate (its linear layers run as MatMulInteger), never against the float32 one.
 */
export const OPS_UNIT: Record<Precision, string> = { fp32: 'GFLOP/s', int8: 'GOP/s' };

/** The operations per second an image rate implies, for the report to set against the machine's MatMul rate. */
export function imageTowerRate(name: string, imagesPerSecond: number, precision: Precision): Figure {
  return { name: `${name}: achieved (${VIT_B16_GFLOPS} G operations per image)`, value: imagesPerSecond * VIT_B16_GFLOPS, unit: OPS_UNIT[precision] };
}
