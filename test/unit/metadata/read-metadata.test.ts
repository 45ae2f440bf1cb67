import sharp, { type Exif } from 'sharp';
import { describe, expect, it } from 'vitest';
import { readMetadata } from '../../../main/core/metadata/read-metadata.js';
import { box, CR3_METADATA_UUID, cr3Ftyp, uuidBox } from '../../helpers/bmff-builder.js';
import { encodeHeic, HAS_HEIF_ENC } from '../../helpers/heif-enc.js';
import { buildTiff, withExifSegment, type IfdSpec } from '../../helpers/tiff-builder.js';

// Sources that give only an instant are shown on this machine's clock; pin the machine to UTC+8.
process.env.TZ = 'Asia/Shanghai';

const MTIME = Date.UTC(2022, 0, 2, 3, 4, 5, 678);
const file = (name = 'photo.jpg') => ({ path: `/photos/${name}`, mtimeMs: MTIME });
const fromMtime = { takenLocal: '2022-01-02T11:04:05.678', takenOffsetMin: 480, takenUtcMs: MTIME, takenSource: 'file-mtime' };

const plain = () => sharp({ create: { width: 8, height: 8, channels: 3, background: { r: 90, g: 120, b: 150 } } });
const jpegWith = (exif: Exif) => plain().jpeg().withExif(exif).toBuffer();

/** A JPEG whose EXIF is exactly the given IFD0 (with its Exif and GPS IFDs), values however bogus. */
async function jpegWithRawExif(ifd0: IfdSpec): Promise<Buffer> {
  return withExifSegment(await plain().jpeg().toBuffer(), buildTiff(ifd0));
}

const exifIfd = (tags: IfdSpec['tags']): IfdSpec['tags'] => ({ 0x8769: { ifds: [{ tags }] } });
const gpsIfd = (tags: IfdSpec['tags']): IfdSpec['tags'] => ({ 0x8825: { ifds: [{ tags }] } });
const dms = (d: number, m: number, s: number): [number, number][] => [[d, 1], [m, 1], [Math.round(s * 100), 100]];

describe('readMetadata: EXIF', () => {
  it('reads what sharp wrote: capture time with subseconds and offset, camera, lens, GPS, orientation', async () => {
    const bytes = await plain()
      .jpeg()
      .withExif({
        IFD0: { Make: 'Canon', Model: 'Canon EOS R5', DateTime: '2023:06:01 09:00:00' },
        IFD2: { DateTimeOriginal: '2023:05:01 14:22:33', SubSecTimeOriginal: '45', OffsetTimeOriginal: '+08:00', LensModel: 'RF24-105mm F4 L IS USM' },
        IFD3: { GPSLatitudeRef: 'S', GPSLatitude: '31/1 14/1 2400/100', GPSLongitudeRef: 'W', GPSLongitude: '121/1 28/1 3000/100', GPSAltitude: '12/1' },
      })
      .withMetadata({ orientation: 6 })
      .toBuffer();
    expect(await readMetadata(bytes, file())).toEqual({
      takenLocal: '2023-05-01T14:22:33.450',
      takenOffsetMin: 480,
      takenUtcMs: Date.UTC(2023, 4, 1, 6, 22, 33, 450),
      takenSource: 'exif-original',
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R5',
      lens: 'RF24-105mm F4 L IS USM',
      gps: { lat: -31.24, lon: -121.475, alt: 12 },
      orientation: 6,
    });
  });

  it.each([
    ['-03:30', -210, Date.UTC(2023, 4, 1, 17, 52, 33)],
    ['+05:45', 345, Date.UTC(2023, 4, 1, 8, 37, 33)],
    ['+00:00', 0, Date.UTC(2023, 4, 1, 14, 22, 33)],
    ['+25:00', null, null],
    ['  :  ', null, null],
  ])('handles OffsetTimeOriginal %s', async (offset, offsetMin, utcMs) => {
    const meta = await readMetadata(await jpegWith({ IFD2: { DateTimeOriginal: '2023:05:01 14:22:33', OffsetTimeOriginal: offset } }), file());
    expect(meta).toMatchObject({ takenLocal: '2023-05-01T14:22:33', takenOffsetMin: offsetMin, takenUtcMs: utcMs });
  });

  it('derives the offset from GPS time only when it lands on a real time zone', async () => {
    const taken = { DateTimeOriginal: '2023:05:01 14:22:33' };
    const atFix = await jpegWith({ IFD2: taken, IFD3: { GPSDateStamp: '2023:05:01', GPSTimeStamp: '6/1 22/1 30/1' } });
    expect(await readMetadata(atFix, file())).toMatchObject({ takenOffsetMin: 480, takenUtcMs: Date.UTC(2023, 4, 1, 6, 22, 33) });
    const staleFix = await jpegWith({ IFD2: taken, IFD3: { GPSDateStamp: '2023:05:01', GPSTimeStamp: '5/1 51/1 0/1' } });
    expect(await readMetadata(staleFix, file())).toMatchObject({ takenLocal: '2023-05-01T14:22:33', takenOffsetMin: null, takenUtcMs: null });
  });

  it('falls through placeholder and impossible dates to the next source', async () => {
    const cases: [Exif, string | null, string][] = [
      [{ IFD2: { DateTimeOriginal: '0000:00:00 00:00:00', DateTimeDigitized: '2020:02:29 10:11:12' } }, '2020-02-29T10:11:12', 'exif-digitized'],
      [{ IFD2: { DateTimeOriginal: '9999:12:31 23:59:59' }, IFD0: { DateTime: '2019:07:08 09:10:11' } }, '2019-07-08T09:10:11', 'exif-modified'],
      [{ IFD2: { DateTimeOriginal: '                   ', DateTimeDigitized: '2021:02:29 10:11:12' } }, fromMtime.takenLocal, 'file-mtime'],
      [{ IFD2: { DateTimeOriginal: '2023:00:10 10:11:12' }, IFD3: { GPSDateStamp: '2023:05:01', GPSTimeStamp: '6/1 22/1 33/1' } }, '2023-05-01T14:22:33', 'gps'],
    ];
    for (const [exif, takenLocal, takenSource] of cases) {
      expect(await readMetadata(await jpegWith(exif), file())).toMatchObject({ takenLocal, takenSource });
    }
  });

  it('takes the GPS clock as an instant, shown on this machine', async () => {
    const bytes = await jpegWith({ IFD3: { GPSDateStamp: '2023:05:01', GPSTimeStamp: '6/1 22/1 33/1' } });
    expect(await readMetadata(bytes, file())).toMatchObject({
      takenLocal: '2023-05-01T14:22:33',
      takenOffsetMin: 480,
      takenUtcMs: Date.UTC(2023, 4, 1, 6, 22, 33),
      takenSource: 'gps',
    });
  });

  it('reads XMP dates when EXIF has none', async () => {
    const xmp = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description rdf:about="" xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" photoshop:DateCreated="2021-03-04T05:06:07.5+02:00"/></rdf:RDF></x:xmpmeta>`;
    const bytes = await plain().jpeg().withXmp(xmp).toBuffer();
    expect(await readMetadata(bytes, file())).toMatchObject({
      takenLocal: '2021-03-04T05:06:07.500',
      takenOffsetMin: 120,
      takenUtcMs: Date.UTC(2021, 2, 4, 3, 6, 7, 500),
      takenSource: 'xmp',
    });
  });

  it('trims camera strings padded with NULs and blanks', async () => {
    const bytes = await jpegWithRawExif({ tags: { 0x010f: { ascii: 'NIKON CORPORATION   ' }, 0x0110: { ascii: 'NIKON Z 6\0\0\0leftover' } } });
    expect(await readMetadata(bytes, file())).toMatchObject({ cameraMake: 'NIKON CORPORATION', cameraModel: 'NIKON Z 6' });
  });
});

describe('readMetadata: bogus and missing EXIF never throws', () => {
  it('turns orientation 9 and impossible GPS into nulls', async () => {
    const cases: [IfdSpec['tags'], unknown][] = [
      [gpsIfd({ 1: { ascii: 'N' }, 2: { rational: dms(91, 0, 0) }, 3: { ascii: 'E' }, 4: { rational: dms(10, 0, 0) } }), null],
      [gpsIfd({ 1: { ascii: 'N' }, 2: { rational: dms(0, 0, 0) }, 3: { ascii: 'E' }, 4: { rational: dms(0, 0, 0) } }), null],
      [gpsIfd({ 1: { ascii: 'N' }, 2: { rational: [[0, 0], [0, 1], [0, 1]] }, 3: { ascii: 'E' }, 4: { rational: dms(10, 0, 0) } }), null],
      [gpsIfd({ 1: { ascii: 'N' }, 2: { rational: dms(10, 30, 0) }, 3: { ascii: 'E' }, 4: { rational: dms(20, 15, 0) } }), { lat: 10.5, lon: 20.25, alt: null }],
      // Altitude reference 1: below sea level (sharp cannot write this BYTE tag, hence the raw EXIF).
      [gpsIfd({ 1: { ascii: 'N' }, 2: { rational: dms(31, 30, 0) }, 3: { ascii: 'E' }, 4: { rational: dms(35, 30, 0) }, 5: { byte: [1] }, 6: { rational: [[430, 1]] } }), { lat: 31.5, lon: 35.5, alt: -430 }],
    ];
    for (const [tags, gps] of cases) {
      const meta = await readMetadata(await jpegWithRawExif({ tags: { 0x0112: { short: [9] }, ...tags } }), file());
      expect(meta).toMatchObject({ orientation: null, gps });
    }
  });

  it('rejects years 0 and 9999 written raw', async () => {
    for (const date of ['0000:01:01 00:00:00', '9999:01:01 00:00:00', '1799:12:31 23:59:59']) {
      const bytes = await jpegWithRawExif({ tags: exifIfd({ 0x9003: { ascii: date } }) });
      expect(await readMetadata(bytes, file())).toMatchObject(fromMtime);
    }
  });

  it('falls back to the file time for corrupt EXIF, no EXIF, and files that are no image', async () => {
    const corrupt = withExifSegment(await plain().jpeg().toBuffer(), Buffer.from('II*\0\xff\xff\xff\x7fgarbage garbage', 'latin1'));
    for (const bytes of [corrupt, await plain().png().toBuffer(), Buffer.from('not an image'), Buffer.alloc(0)]) {
      expect(await readMetadata(bytes, file())).toEqual({
        ...fromMtime,
        cameraMake: null,
        cameraModel: null,
        lens: null,
        gps: null,
        orientation: null,
      });
    }
  });
});

describe('readMetadata: file names', () => {
  it.each([
    ['IMG_20230501_142233.jpg', '2023-05-01T14:22:33'],
    ['VID_20230501_142233_1.jpg', '2023-05-01T14:22:33'],
    ['20230501_142233.jpg', '2023-05-01T14:22:33'],
    ['PXL_20230501_142233123.jpg', '2023-05-01T14:22:33.123'],
    ['2023-05-01 14.22.33.jpg', '2023-05-01T14:22:33'],
    ['Screenshot_2023-05-01-14-22-33.png', '2023-05-01T14:22:33'],
    ['Screenshot_20230501-142233_WeChat.jpg', '2023-05-01T14:22:33'],
    ['微信图片_20230501142233.jpg', '2023-05-01T14:22:33'],
  ])('reads the wall clock in %s', async (name, takenLocal) => {
    const meta = await readMetadata(await plain().png().toBuffer(), file(name));
    expect(meta).toMatchObject({ takenLocal, takenOffsetMin: null, takenUtcMs: null, takenSource: 'filename' });
  });

  it.each(['mmexport1682921553000.jpg', 'wx_camera_1682921553000.jpg'])('reads the instant in %s', async (name) => {
    const meta = await readMetadata(await plain().png().toBuffer(), file(name));
    expect(meta).toMatchObject({ takenLocal: '2023-05-01T14:12:33', takenOffsetMin: 480, takenUtcMs: 1682921553000, takenSource: 'filename' });
  });

  it.each(['IMG_20231345_142233.jpg', 'IMG_20230231_120000.jpg', 'DSC01234.jpg', 'IMG_202305011422331.jpg'])('finds no date in %s', async (name) => {
    expect(await readMetadata(await plain().png().toBuffer(), file(name))).toMatchObject(fromMtime);
  });

  it('prefers EXIF to the file name', async () => {
    const bytes = await jpegWith({ IFD2: { DateTimeOriginal: '2020:01:01 08:00:00' } });
    expect(await readMetadata(bytes, file('IMG_20230501_142233.jpg'))).toMatchObject({ takenLocal: '2020-01-01T08:00:00', takenSource: 'exif-original' });
  });
});

describe('readMetadata: containers', () => {
  const exif: Exif = { IFD0: { Make: 'Fujifilm' }, IFD2: { DateTimeOriginal: '2023:05:01 14:22:33', OffsetTimeOriginal: '+09:00' } };
  const expected = { takenLocal: '2023-05-01T14:22:33', takenOffsetMin: 540, takenSource: 'exif-original', cameraMake: 'Fujifilm' };

  it.each(['png', 'webp', 'avif'] as const)('reads EXIF from %s', async (format) => {
    const bytes = await plain()[format]().withExif(exif).toBuffer();
    expect(await readMetadata(bytes, file())).toMatchObject(expected);
  });

  it.skipIf(!HAS_HEIF_ENC)('reads EXIF from a HEIC made by heif-enc (skipped without libheif-examples)', async () => {
    expect(await readMetadata(await encodeHeic(await jpegWith(exif)), file('x.heic'))).toMatchObject(expected);
  });

  it('reads EXIF from a TIFF-based RAW, including its Exif IFD', async () => {
    const dng = buildTiff({ tags: { 0x010f: { ascii: 'Fujifilm' }, 0x0112: { short: [8] }, ...exifIfd({ 0x9003: { ascii: '2023:05:01 14:22:33' }, 0x9011: { ascii: '+09:00' } }) } });
    expect(await readMetadata(dng, file('x.dng'))).toMatchObject({ ...expected, orientation: 8 });
  });

  it('reads EXIF from an ORF despite its own magic number', async () => {
    const orf = buildTiff({ tags: { 0x010f: { ascii: 'OLYMPUS' }, ...exifIfd({ 0x9003: { ascii: '2023:05:01 14:22:33' } }) } }, { magic: 0x4f52 });
    expect(await readMetadata(orf, file('x.orf'))).toMatchObject({ takenLocal: '2023-05-01T14:22:33', cameraMake: 'OLYMPUS' });
  });

  it("reads a RAF's EXIF from its embedded JPEG", async () => {
    const jpeg = await jpegWith(exif);
    const header = Buffer.alloc(100);
    header.write('FUJIFILMCCD-RAW 0201FF383501', 0, 'latin1');
    header.writeUInt32BE(header.length, 84);
    header.writeUInt32BE(jpeg.length, 88);
    expect(await readMetadata(Buffer.concat([header, jpeg, Buffer.alloc(1000)]), file('x.raf'))).toMatchObject(expected);
  });

  it("reads a CR3's CMT1, CMT2 and CMT4 boxes", async () => {
    const cr3 = Buffer.concat([
      cr3Ftyp(),
      box(
        'moov',
        uuidBox(
          CR3_METADATA_UUID,
          box('CMT1', buildTiff({ tags: { 0x010f: { ascii: 'Canon' }, 0x0110: { ascii: 'Canon EOS R6' }, 0x0112: { short: [1] } } })),
          box('CMT2', buildTiff({ tags: { 0x9003: { ascii: '2023:05:01 14:22:33' }, 0x9011: { ascii: '+09:00' }, 0xa434: { ascii: 'RF35mm F1.8' } } })),
          box('CMT4', buildTiff({ tags: { 1: { ascii: 'N' }, 2: { rational: dms(35, 30, 0) }, 3: { ascii: 'E' }, 4: { rational: dms(139, 45, 0) } } })),
        ),
      ),
      box('mdat', Buffer.alloc(100)),
    ]);
    expect(await readMetadata(cr3, file('x.cr3'))).toMatchObject({
      takenLocal: '2023-05-01T14:22:33',
      takenOffsetMin: 540,
      cameraMake: 'Canon',
      cameraModel: 'Canon EOS R6',
      lens: 'RF35mm F1.8',
      gps: { lat: 35.5, lon: 139.75, alt: null },
      orientation: 1,
    });
  });
});
