import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultLibraryDir } from '../../../main/core/library/library-dir.js';
import { ModelStore, defaultModelsDir, resolveModelsDir } from '../../../main/core/models/model-store.js';

describe('models directory', () => {
  it('sits beside the default library in the per-user app-data folder', () => {
    for (const [env, platform] of [
      [{}, 'linux'],
      [{ XDG_CONFIG_HOME: '/x/cfg' }, 'linux'],
      [{}, 'darwin'],
      [{ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32'],
    ] as const) {
      expect(defaultModelsDir(env, platform)).toBe(path.join(path.dirname(defaultLibraryDir(env, platform)), 'models'));
    }
    expect(defaultModelsDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/Xuntu/models');
  });

  it('prefers an explicit folder over XUNTU_MODELS over the default', () => {
    expect(resolveModelsDir('/a', { XUNTU_MODELS: '/b' })).toBe('/a');
    expect(resolveModelsDir(undefined, { XUNTU_MODELS: '/b' })).toBe('/b');
    expect(resolveModelsDir(undefined, { XDG_CONFIG_HOME: '/c' })).toBe(path.resolve(defaultModelsDir({ XDG_CONFIG_HOME: '/c' })));
  });
});

describe('ModelStore', () => {
  let store: ModelStore;
  /** A variant folder as an install leaves it; `complete: false` leaves out install.json, as a crash mid-install does. */
  const install = (id: string, variant: string, complete = true) => {
    const dir = store.variantDir(id, variant);
    fs.mkdirSync(path.join(dir, '.partial'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'manifest.json'), '{"not": "a manifest"}');
    if (complete) fs.writeFileSync(path.join(dir, 'install.json'), '{}');
    return dir;
  };

  beforeEach(() => {
    store = new ModelStore(fs.mkdtempSync(path.join(os.tmpdir(), 'xuntu-store-')));
  });
  afterEach(() => fs.rmSync(store.dir, { recursive: true, force: true }));

  it('lays variants out as <id>/<variant>/ with downloads in .partial/', () => {
    expect(store.variantDir('chinese-clip-rn50', 'fp16')).toBe(path.join(store.dir, 'chinese-clip-rn50', 'fp16'));
    expect(store.partialDir('chinese-clip-rn50', 'fp16')).toBe(path.join(store.dir, 'chinese-clip-rn50', 'fp16', '.partial'));
  });

  it('lists only finished installs, flagging an unreadable manifest', async () => {
    const dir = install('model-a', 'fp32');
    install('model-a', 'int8', false);
    expect(await store.installedPath('model-a', 'fp32')).toBe(dir);
    expect(await store.installedPath('model-a', 'int8')).toBeUndefined();
    const listed = await store.listInstalled();
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ id: 'model-a', variant: 'fp32', dir, problem: expect.stringContaining('manifest.json is invalid') });
    expect(await new ModelStore(path.join(store.dir, 'absent')).listInstalled()).toEqual([]);
  });

  it('empties a variant for reinstalling but keeps downloads in flight', async () => {
    const dir = install('model-a', 'fp32');
    await store.clearInstall('model-a', 'fp32');
    expect(fs.readdirSync(dir)).toEqual(['.partial']);
  });

  it('removes a variant, then the model folder with its last variant', async () => {
    install('model-a', 'fp32');
    install('model-a', 'int8');
    await store.remove('model-a', 'int8');
    expect(fs.readdirSync(path.join(store.dir, 'model-a'))).toEqual(['fp32']);
    await store.remove('model-a', 'fp32');
    expect(fs.existsSync(path.join(store.dir, 'model-a'))).toBe(false);
    await expect(store.remove('model-a')).rejects.toMatchObject({ code: 'MODEL_NOT_FOUND' });
  });

  it('refuses names that could leave the models folder', () => {
    for (const bad of ['..', '../x', 'a/b', '.partial', 'A', '']) {
      expect(() => store.variantDir(bad, 'fp32'), bad).toThrow(expect.objectContaining({ code: 'MODEL_NOT_FOUND' }));
      expect(() => store.variantDir('model-a', bad), bad).toThrow(expect.objectContaining({ code: 'MODEL_NOT_FOUND' }));
    }
  });
});
