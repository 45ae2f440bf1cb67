import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { XuntuError } from '../../../main/core/errors.js';
import { processPhoto } from '../../../main/core/media/process-photo.js';
import { box, CR3_METADATA_UUID, cr3Ftyp, uuidBox } from '../../helpers/bmff-builder.js';
import { buildTiff, type IfdSpec } from '../../helpers/tiff-builder.js';

/** A JPEG of the given size; the left quarter is blue so a test can tell which way up it came out. */
async function jpeg(width: number, height: number, orientation?: number): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: { r: 200, g: 30, b: 30 } } }).composite([
    { input: { create: { width: Math.ceil(width / 4), height, channels: 3, background: { r: 0, g: 0, b: 255 } } }, left: 0, top: 0 },
  ]);
  return (orientation ? image.jpeg().withMetadata({ orientation }) : image.jpeg()).toBuffer();
}

/** Stand-in sensor data: noise, with no JPEG in it. */
function sensorData(bytes: number): Buffer {
  const data = Buffer.alloc(bytes);
  for (let i = 0; i < bytes; i++) data[i] = (i * 7919) % 251;
  return data;
}

/** An uncompressed 16×12 RGB thumbnail directory, as NEF and DNG put in IFD0. */
function rgbThumbnail(extra: IfdSpec['tags'] = {}, next?: IfdSpec): IfdSpec {
  return {
    tags: {
      0x00fe: { long: [1] },
      0x0100: { long: [16] },
      0x0101: { long: [12] },
      0x0102: { short: [8, 8, 8] },
      0x0103: { short: [1] },
      0x0106: { short: [2] },
      0x0111: { offsetOf: Buffer.alloc(16 * 12 * 3, 128) },
      0x0115: { short: [3] },
      0x0116: { long: [12] },
      0x0117: { long: [16 * 12 * 3] },
      ...extra,
    },
    ...(next ? { next } : {}),
  };
}

function cfaIfd(): IfdSpec {
  const data = sensorData(64 * 1024);
  return { tags: { 0x00fe: { long: [0] }, 0x0103: { short: [1] }, 0x0106: { short: [32803] }, 0x0111: { offsetOf: data }, 0x0117: { long: [data.length] } } };
}

function jpegByTags(preview: Buffer): IfdSpec['tags'] {
  return { 0x0201: { offsetOf: preview }, 0x0202: { long: [preview.length] } };
}

async function blueSide(webp: Buffer): Promise<'left' | 'top' | 'right' | 'bottom'> {
  const { data, info } = await sharp(webp).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  const blue = (x: number, y: number) => data[(y * info.width + x) * 3 + 2]! > 200;
  const [w, h] = [info.width - 1, info.height - 1];
  if (blue(2, h >> 1)) return 'left';
  if (blue(w >> 1, 2)) return 'top';
  if (blue(w - 2, h >> 1)) return 'right';
  return 'bottom';
}

describe('RAW previews', () => {
  it('takes the largest JPEG of a DNG-like file and applies the container orientation', async () => {
    const big = await jpeg(1600, 1200);
    const dng = buildTiff(
      rgbThumbnail(
        {
          0x0112: { short: [6] },
          0x014a: {
            ifds: [
              { tags: { 0x00fe: { long: [1] }, 0x0103: { short: [7] }, 0x0106: { short: [6] }, 0x0111: { offsetOf: big }, 0x0117: { long: [big.length] } } },
              cfaIfd(),
            ],
          },
          0xc612: { byte: [1, 4, 0, 0] },
        },
        { tags: jpegByTags(await jpeg(160, 120)) },
      ),
    );
    const photo = await processPhoto(dng);
    expect(photo).toMatchObject({ format: 'raw', width: 1200, height: 1600, orientation: 6 });
    expect(photo.preview).toMatchObject({ width: 960, height: 1280 });
    expect(await blueSide(photo.preview.data)).toBe('top');
  });

  it('reads a big-endian NEF-like file whose IFD0 is a decodable thumbnail', async () => {
    const nef = buildTiff(rgbThumbnail({ 0x0110: { ascii: 'NIKON Z 6' }, 0x014a: { ifds: [{ tags: jpegByTags(await jpeg(640, 424)) }, cfaIfd()] } }), {
      littleEndian: false,
    });
    expect(await processPhoto(nef)).toMatchObject({ format: 'raw', width: 640, height: 424, orientation: null });
  });

  it('finds an ORF preview kept outside the standard tags', async () => {
    // Olympus keeps its large preview in the maker note; IFD1 points only at a thumbnail.
    const makerNote = Buffer.concat([sensorData(3000), await jpeg(1024, 768), sensorData(3000)]);
    const orf = buildTiff(
      { tags: { ...cfaIfd().tags, 0x0112: { short: [8] }, 0x927c: { offsetOf: makerNote } }, next: { tags: jpegByTags(await jpeg(160, 120)) } },
      { magic: 0x4f52 },
    );
    expect(orf.toString('latin1', 0, 4)).toBe('IIRO');
    const photo = await processPhoto(orf);
    expect(photo).toMatchObject({ format: 'raw', width: 768, height: 1024, orientation: 8 });
    expect(await blueSide(photo.preview.data)).toBe('bottom');
  });

  it("uses a RAF's header preview with its own EXIF orientation", async () => {
    const preview = await jpeg(800, 600, 8);
    const header = Buffer.alloc(160);
    header.write('FUJIFILMCCD-RAW 0201FF383501', 0, 'latin1');
    header.writeUInt32BE(header.length, 84);
    header.writeUInt32BE(preview.length, 88);
    const photo = await processPhoto(Buffer.concat([header, preview, sensorData(20_000)]));
    expect(photo).toMatchObject({ format: 'raw', width: 600, height: 800, orientation: 8 });
  });

  it("takes a CR3's PRVW preview over its THMB, with the orientation from CMT1", async () => {
    const prvwJpeg = await jpeg(400, 300);
    const prvwHeader = Buffer.alloc(16);
    prvwHeader.writeUInt16BE(1, 4);
    prvwHeader.writeUInt16BE(400, 6);
    prvwHeader.writeUInt16BE(300, 8);
    prvwHeader.writeUInt16BE(1, 10);
    prvwHeader.writeUInt32BE(prvwJpeg.length, 12);
    const thmbJpeg = await jpeg(160, 120);
    const thmbHeader = Buffer.alloc(16);
    thmbHeader.writeUInt16BE(160, 4);
    thmbHeader.writeUInt16BE(120, 6);
    thmbHeader.writeUInt32BE(thmbJpeg.length, 8);
    const cr3 = Buffer.concat([
      cr3Ftyp(),
      box(
        'moov',
        uuidBox(
          CR3_METADATA_UUID,
          box('CMT1', buildTiff({ tags: { 0x010f: { ascii: 'Canon' }, 0x0112: { short: [6] } } })),
          box('THMB', thmbHeader, thmbJpeg),
        ),
      ),
      uuidBox('eaf42b5e1c984b88b9fbb7dc406e4d16', Buffer.alloc(8), box('PRVW', prvwHeader, prvwJpeg)),
      box('mdat', sensorData(50_000)),
    ]);
    const photo = await processPhoto(cr3);
    expect(photo).toMatchObject({ format: 'raw', width: 300, height: 400, orientation: 6 });
    expect(await blueSide(photo.preview.data)).toBe('top');
  });

  it('takes the preview route for a TIFF sharp cannot decode but which carries a JPEG', async () => {
    const odd = buildTiff({
      tags: {
        0x0100: { long: [64] },
        0x0101: { long: [48] },
        0x0103: { short: [34713] }, // a vendor compression libtiff does not know
        0x0106: { short: [2] },
        0x0111: { offsetOf: sensorData(4096) },
        0x0117: { long: [4096] },
        ...jpegByTags(await jpeg(320, 240)),
      },
    });
    expect(await processPhoto(odd)).toMatchObject({ format: 'raw', width: 320, height: 240 });
  });

  it('says so when a RAW has no usable preview', async () => {
    const bare = buildTiff(rgbThumbnail({ 0xc612: { byte: [1, 4, 0, 0] }, 0x014a: { ifds: [cfaIfd()] } }));
    await expect(processPhoto(bare)).rejects.toSatisfy((err) => err instanceof XuntuError && err.code === 'NO_RAW_PREVIEW');
  });
});
