import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import { once } from 'node:events';
import zlib from 'node:zlib';

const PNG_SIGNATURE_AND_IHDR = 8 + 4 + 4 + 13 + 4;
const TEXT_BLOCK = Buffer.from('寻图 bad-input corpus: a very long caption. '.repeat(1500));

/**
 * Writes `png` to `file` with a zTXt chunk of at least `textBytes` inserted after its IHDR, streaming, so a 100 MB
 * chunk never sits in this process's memory. The text is stored uncompressed (deflate level 0): the chunk is as
 * large on disk as it claims, and a reader that inflates it gets the same size back, not a zip bomb.
 */
export async function writePngWithHugeText(file: string, png: Buffer, textBytes: number): Promise<void> {
  const out = createWriteStream(file);
  const write = async (data: Buffer): Promise<void> => {
    if (!out.write(data)) await once(out, 'drain');
  };
  await write(png.subarray(0, PNG_SIGNATURE_AND_IHDR));
  const lengthAt = PNG_SIGNATURE_AND_IHDR;
  const head = Buffer.from('\0\0\0\0zTXtComment\0\0', 'latin1');
  await write(head);
  // The CRC covers the type and the data, not the length, which is patched in once known.
  let crc = zlib.crc32(head.subarray(4));
  let length = head.length - 8;
  const deflate = zlib.createDeflate({ level: 0 });
  const drained = (async () => {
    for await (const piece of deflate as AsyncIterable<Buffer>) {
      crc = zlib.crc32(piece, crc);
      length += piece.length;
      await write(piece);
    }
  })();
  for (let sent = 0; sent < textBytes; sent += TEXT_BLOCK.length) {
    if (!deflate.write(TEXT_BLOCK)) await once(deflate, 'drain');
  }
  deflate.end();
  await drained;
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(crc >>> 0);
  await write(tail);
  await write(png.subarray(PNG_SIGNATURE_AND_IHDR));
  out.end();
  await once(out, 'finish');
  const patch = Buffer.alloc(4);
  patch.writeUInt32BE(length);
  const handle = await fs.open(file, 'r+');
  try {
    await handle.write(patch, 0, 4, lengthAt);
  } finally {
    await handle.close();
  }
}
