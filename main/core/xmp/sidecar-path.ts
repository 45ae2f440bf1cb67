import fs from 'node:fs/promises';
import path from 'node:path';
import { XuntuError } from '../errors.js';

/** Where a photo's sidecars are. */
export interface SidecarPaths {
  /** Sidecars of this photo that exist, to read from and keep in step. */
  existing: string[];
  /** Where to write when none exists. */
  fresh: string;
}

/**
 * The sidecars that belong to a photo, given the names in its folder. Two conventions live side by side:
 * - `IMG_1.JPG.xmp` (darktable, digiKam, Exiv2): always this photo's own;
 * - `IMG_1.xmp` (Lightroom, Capture One): claimed only when no other file in the folder is called `IMG_1.*`, since
 *   beside a RAW+JPEG pair it is the RAW's, and two photos must never write one sidecar.
 * Extensions compare case-insensitively (`IMG_1.XMP`, `img_1.jpg.xmp` written on another system); every match is
 * kept in step. A new sidecar is `<file name>.xmp`: unambiguous for RAW+JPEG pairs and live-photo companions, and
 * what darktable and digiKam read.
 */
export function sidecarPaths(photoPath: string, folderNames: readonly string[]): SidecarPaths {
  const folder = path.dirname(photoPath);
  const name = path.basename(photoPath);
  const stem = stemOf(name).toLowerCase();
  const full = `${name.toLowerCase()}.xmp`;
  const short = `${stem}.xmp`;
  const shared = folderNames.some((n) => n !== name && !isXmp(n) && stemOf(n).toLowerCase() === stem);
  const existing = folderNames
    .filter((n) => n.toLowerCase() === full || (!shared && n.toLowerCase() === short))
    .sort((a, b) => Number(b.toLowerCase() === full) - Number(a.toLowerCase() === full))
    .map((n) => path.join(folder, n));
  return { existing, fresh: `${photoPath}.xmp` };
}

function stemOf(name: string): string {
  const ext = path.extname(name);
  return ext ? name.slice(0, -ext.length) : name;
}

function isXmp(name: string): boolean {
  return name.toLowerCase().endsWith('.xmp');
}

/**
 * Folder listings for one run: a library's photos are mostly grouped by folder, so each folder is listed once
 * instead of probing every naming variant of every photo.
 */
export class FolderListings {
  private readonly cache = new Map<string, Promise<string[]>>();

  private names(folder: string): Promise<string[]> {
    let names = this.cache.get(folder);
    if (!names) {
      names = fs.readdir(folder);
      this.cache.set(folder, names);
    }
    return names;
  }

  /** The photo's sidecars; XMP_UNREADABLE when its folder cannot be listed. */
  async sidecarsOf(photoPath: string): Promise<SidecarPaths> {
    try {
      return sidecarPaths(photoPath, await this.names(path.dirname(photoPath)));
    } catch (err) {
      throw new XuntuError('XMP_UNREADABLE', `cannot list the folder of ${photoPath}: ${(err as Error).message}`, { cause: err });
    }
  }
}
