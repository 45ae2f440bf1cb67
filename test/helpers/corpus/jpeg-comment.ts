const SOI = 0xd8;
const COM = 0xfe;
const isApp = (marker: number): boolean => marker >= 0xe0 && marker <= 0xef;

/**
 * Returns `jpeg` with a COM segment holding `text`: the cheapest way to give copies of one image distinct bytes
 * (and so distinct content hashes) while they stay valid, identical-looking JPEGs. The segment goes after the APPn
 * segments, because EXIF readers expect APP1 to follow the start-of-image marker directly.
 */
export function withJpegComment(jpeg: Buffer, text: string): Buffer {
  if (jpeg[0] !== 0xff || jpeg[1] !== SOI) throw new Error('not a JPEG: no start-of-image marker');
  let at = 2;
  while (jpeg[at] === 0xff && isApp(jpeg[at + 1]!)) at += 2 + jpeg.readUInt16BE(at + 2);
  const payload = Buffer.from(text, 'utf8');
  if (payload.length > 0xffff - 2) throw new Error('JPEG comment too long');
  const header = Buffer.from([0xff, COM, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, at), header, payload, jpeg.subarray(at)]);
}
