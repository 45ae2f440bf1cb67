/** ISO-BMFF boxes (HEIF, CR3) written by hand, for files no encoder here produces. */
export function box(type: string, ...payload: Buffer[]): Buffer {
  const body = Buffer.concat(payload);
  const header = Buffer.alloc(8);
  header.writeUInt32BE(8 + body.length, 0);
  header.write(type, 4, 'latin1');
  return Buffer.concat([header, body]);
}

/** A 'uuid' box: the 16-byte extended type (hex, no dashes) opens its payload. */
export function uuidBox(uuid: string, ...payload: Buffer[]): Buffer {
  return box('uuid', Buffer.from(uuid, 'hex'), ...payload);
}

/** The uuid of Canon's CR3 metadata box (in moov), holding CMT1..CMT4 and THMB. */
export const CR3_METADATA_UUID = '85c0b687820f11e08111f4ce462b6a48';

/** The ftyp box of a Canon CR3. */
export function cr3Ftyp(): Buffer {
  return box('ftyp', Buffer.from('crx \0\0\0\x01crx isom', 'latin1'));
}
