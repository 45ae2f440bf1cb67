import { describe, expect, it } from 'vitest';
import { sniffContainer } from '../../../main/core/media/sniff-format.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat([...parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))), Buffer.alloc(32)]);

/** An ftyp box with the given major and compatible brands. */
const ftyp = (major: string, ...compatible: string[]) => {
  const size = 16 + 4 * compatible.length;
  return bytes([0, 0, 0, size], 'ftyp', major, [0, 0, 0, 0], compatible.join(''));
};

describe('sniffContainer', () => {
  it.each([
    ['jpeg', bytes([0xff, 0xd8, 0xff, 0xe0])],
    ['png', bytes('\x89PNG\r\n\x1a\n')],
    ['webp', bytes('RIFF', [0, 0, 0, 0], 'WEBPVP8 ')],
    ['gif', bytes('GIF89a')],
    ['gif', bytes('GIF87a')],
    ['tiff', bytes('II*\0')],
    ['tiff', bytes('MM\0*')],
    ['orf', bytes('IIRO')],
    ['raf', bytes('FUJIFILMCCD-RAW 0201')],
    ['cr3', ftyp('crx ', 'crx ', 'isom')],
    ['avif', ftyp('avif', 'mif1', 'avif', 'miaf')],
    ['avif', ftyp('mif1', 'mif1', 'avif')],
    ['heic', ftyp('heic', 'mif1', 'heic')],
    ['heic', ftyp('mif1', 'mif1', 'heic')],
    ['heic', ftyp('msf1', 'msf1', 'hevc')],
  ])('recognises %s', (container, data) => {
    expect(sniffContainer(data)).toEqual({ kind: 'image', container });
  });

  it('names real formats it cannot read', () => {
    expect(sniffContainer(ftyp('isom', 'isom', 'mp41'))).toMatchObject({ kind: 'unsupported' });
    expect(sniffContainer(bytes('8BPS'))).toMatchObject({ kind: 'unsupported', name: 'Photoshop PSD' });
  });

  it('recognises nothing in text or short files', () => {
    for (const data of [Buffer.from('hello, world'), Buffer.from([0xff]), Buffer.from('RIFF')]) {
      expect(sniffContainer(data)).toEqual({ kind: 'unknown' });
    }
  });
});
