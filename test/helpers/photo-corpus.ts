/**
 * Generators for test photo folders, used by integration tests and benches. Each writes into a folder it is given
 * (created if missing) and returns what it wrote with what a correct indexer must make of it.
 */
export { writeGoodPhotos, type GoodPhoto, type GoodPhotoOptions } from './corpus/good-photos.js';
export { writeBadPhotos, type BadPhoto, type BadPhotoCode, type BadPhotoManifest } from './corpus/bad-photos.js';
export {
  REAL_PHOTO_DIR,
  hasRealPhotos,
  realPhotoSources,
  writeLargeJpegs,
  writeRealPhotos,
  type LargeJpegOptions,
  type LargePhoto,
  type SizedPhoto,
} from './corpus/real-photos.js';
export { tinyJpeg, writeManyTinyPhotos, type TinyPhotoOptions } from './corpus/tiny-photos.js';
export { withJpegComment } from './corpus/jpeg-comment.js';
export { MARKER } from './corpus/synth-pixels.js';
export type { Camera, Gps, Taken } from './corpus/exif-fields.js';
