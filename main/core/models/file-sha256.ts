import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** Streams the file through sha256 (model files are up to GBs: never read whole). Lowercase hex. */
export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
