import path from 'node:path';

export type PhotoFormat = 'jpeg' | 'png' | 'webp' | 'avif' | 'gif' | 'tiff' | 'heic' | 'raw';

/**
 * Extensions the scanner picks up. The extension only nominates a file; its real format is sniffed from its bytes
 * when it is read, so a JPEG named .png still works and a text file named .jpg gets a clear error.
 */
const EXTENSIONS: ReadonlyMap<string, PhotoFormat> = new Map([
  ['.jpg', 'jpeg'], ['.jpeg', 'jpeg'], ['.jpe', 'jpeg'], ['.jfif', 'jpeg'],
  ['.png', 'png'],
  ['.webp', 'webp'],
  ['.avif', 'avif'],
  ['.gif', 'gif'],
  ['.tif', 'tiff'], ['.tiff', 'tiff'],
  ['.heic', 'heic'], ['.heif', 'heic'], ['.hif', 'heic'],
  ['.cr2', 'raw'], ['.cr3', 'raw'], ['.nef', 'raw'], ['.arw', 'raw'], ['.dng', 'raw'], ['.raf', 'raw'], ['.orf', 'raw'],
]);

export function formatForPath(file: string): PhotoFormat | null {
  return EXTENSIONS.get(path.extname(file).toLowerCase()) ?? null;
}
