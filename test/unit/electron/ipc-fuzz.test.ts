import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, channels, type Channel, type IpcResult } from '../../../main/common/ipc-contract.js';
import { AppService } from '../../../main/core/app/app-service.js';
import { registerIpcHandlers, type InvokeEvent, type InvokeRegistrar } from '../../../main/electron/ipc-handlers.js';

/**
 * The bridge's fuzz test sends JSON; Electron IPC carries structured clones, which hold far more (undefined, NaN,
 * BigInt, Dates, Maps, typed arrays, sparse arrays, null-prototype objects, own `__proto__` keys). Every one of them
 * must reach the schema and stop there.
 */

const OUR_ID = 1;
const trusted: InvokeEvent = { sender: { id: OUR_ID }, senderFrame: { url: 'app://xuntu/index.html', parent: null } };

/** Channels whose valid requests only read: a random valid one may run (others could add `/` as a root, or fetch). */
const READ_ONLY = new Set<Channel>([
  'app.info', 'settings.get', 'roots.list', 'library.status', 'library.cameras', 'library.timeline', 'library.photos',
  'photo.detail', 'search.text', 'search.similar', 'search.duplicates', 'index.status', 'errors.list', 'models.list',
  'labelSets.list', 'labelSets.get', 'labelSets.export', 'labels.preview', 'tags.review', 'tags.byLabel', 'tagging.status',
]);

const POLLUTING_KEYS = ['__proto__', 'constructor', 'prototype'];

/** Objects that would pollute Object.prototype if anything merged them naively (JSON.parse makes `__proto__` an own key). */
const pollutionShapes = fc.constantFrom(
  JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown,
  JSON.parse('{"constructor": {"prototype": {"polluted": "yes"}}}') as unknown,
  JSON.parse('{"set": {"__proto__": {"polluted": "yes"}}, "id": 1}') as unknown,
  JSON.parse('{"path": "/tmp", "__proto__": {"path": "/"}}') as unknown,
);

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

function payloadFor(channel: Channel): fc.Arbitrary<unknown> {
  const keys = [...Object.keys(channels[channel].request.shape), ...POLLUTING_KEYS];
  const key = fc.oneof(fc.constantFrom(...keys), fc.string({ maxLength: 8 }));
  const anything = fc.anything({
    key,
    maxDepth: 3,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withSparseArray: true,
    withTypedArray: true,
  });
  return fc.oneof(
    anything,
    fc.dictionary(key, anything, { maxKeys: 4 }),
    pollutionShapes,
    // Huge strings where the schema wants a short one.
    fc.constantFrom(...keys).map((k) => ({ [k]: 'x'.repeat(3_000_000) })),
    fc.integer({ min: 1_000, max: 50_000 }).map(nested),
    fc.constantFrom(...keys).chain((k) => fc.integer({ min: 1_000, max: 50_000 }).map((d) => ({ [k]: nested(d) }))),
  );
}

describe('every IPC channel refuses malformed payloads without side effects', () => {
  let tmp: string;
  let service: AppService;
  const handlers = new Map<string, Parameters<InvokeRegistrar['handle']>[1]>();

  /** Every row of every table, hashed: what a refused call must leave exactly as it was. */
  function databaseHash(): string {
    const db = service.library.db;
    const tables = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).pluck().all() as string[];
    const hash = createHash('sha256');
    for (const table of tables) {
      hash.update(`${table}\n`);
      for (const row of db.prepare(`SELECT * FROM "${table}"`).raw().iterate()) {
        hash.update(JSON.stringify(row, (_k, v: unknown) => (Buffer.isBuffer(v) ? v.toString('hex') : typeof v === 'bigint' ? String(v) : v)));
      }
    }
    return hash.digest('hex');
  }

  const call = async (channel: Channel, payload: unknown) => (await handlers.get(channel)!(trusted, payload)) as IpcResult<unknown>;

  beforeAll(async () => {
    tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-ipc-fuzz-'));
    service = new AppService({ libraryDir: path.join(tmp, 'library'), modelsDir: path.join(tmp, 'models'), version: '0.0.0-test', defaultLanguage: 'en' });
    registerIpcHandlers({ handle: (channel, listener) => void handlers.set(channel, listener) }, service, (id) => id === OUR_ID);
    // Something in every kind of table a refused call could touch: a root, settings, a label set.
    await fs.mkdir(path.join(tmp, 'photos'));
    expect(await call('roots.add', { path: path.join(tmp, 'photos') })).toMatchObject({ ok: true });
    expect(await call('settings.set', { language: 'zh-CN', threads: 2 })).toMatchObject({ ok: true });
    const set = { name: '颜色', description: null, exclusive: false, labels: [{ name: '红', phrasings: [], exclusions: [], threshold: null }] };
    expect(await call('labelSets.save', { set })).toMatchObject({ ok: true, value: { saved: true } });
    await service.handlers['labelSets.list']({});
  });

  afterAll(async () => {
    await service?.close();
    await fs.rm(tmp, { recursive: true, force: true });
  });

  it.each(CHANNELS)('%s', async (channel) => {
    const prototypeKeys = Reflect.ownKeys(Object.prototype);
    let refused = 0;
    await fc.assert(
      fc.asyncProperty(payloadFor(channel), async (payload) => {
        const accepted = channels[channel].request.safeParse(payload).success;
        fc.pre(!accepted || READ_ONLY.has(channel));
        const before = databaseHash();
        const result = await call(channel, payload);
        if (accepted) {
          // A valid request gets an answer or a coded refusal, never a crash.
          if (!result.ok) expect(result.code).not.toBe('INTERNAL');
          return;
        }
        expect(result).toMatchObject({ ok: false, code: 'INVALID_REQUEST' });
        expect(databaseHash()).toBe(before);
        refused++;
      }),
      { numRuns: 60 },
    );
    expect(refused).toBeGreaterThan(20);
    expect(Reflect.ownKeys(Object.prototype)).toEqual(prototypeKeys);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.toString.call([])).toBe('[object Array]');
  });
});
