import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AppService } from '../../../main/core/app/app-service.js';
import { invokeChannel } from '../../../main/core/app/invoke-channel.js';

let tmp: string;
let service: AppService;
const picked: (string | null)[] = ['/photos/2024 春节', null];

beforeAll(async () => {
  tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'xuntu-host-'));
  service = new AppService({
    libraryDir: path.join(tmp, 'library'),
    modelsDir: path.join(tmp, 'models'),
    version: '0.0.0-test',
    defaultLanguage: 'zh-CN',
    pickFolder: async () => picked.shift() ?? null,
  });
});
afterAll(async () => {
  await service.close();
  await fs.rm(tmp, { recursive: true, force: true });
});

it('offers the OS folder picker where the host has one, and passes a cancel through as null', async () => {
  expect(await invokeChannel(service, 'app.info', {})).toMatchObject({ ok: true, value: { features: { pickFolder: true, showInFolder: false } } });
  expect(await invokeChannel(service, 'dialog.pickFolder', {})).toEqual({ ok: true, value: { path: '/photos/2024 春节' } });
  expect(await invokeChannel(service, 'dialog.pickFolder', {})).toEqual({ ok: true, value: { path: null } });
  expect(await invokeChannel(service, 'dialog.pickFolder', { path: '/etc' })).toMatchObject({ ok: false });
});
