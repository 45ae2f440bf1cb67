import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultLibraryDir, resolveLibraryDir } from '../../../main/core/library/library-dir.js';

describe('library directory', () => {
  it('defaults to the per-user app-data folder Electron uses', () => {
    expect(defaultLibraryDir({}, 'linux')).toBe(path.join(os.homedir(), '.config', 'Xuntu', 'library'));
    expect(defaultLibraryDir({ XDG_CONFIG_HOME: '/x/cfg' }, 'linux')).toBe('/x/cfg/Xuntu/library');
    expect(defaultLibraryDir({}, 'darwin')).toBe(path.join(os.homedir(), 'Library', 'Application Support', 'Xuntu', 'library'));
    expect(defaultLibraryDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32')).toContain('Xuntu');
  });

  it('prefers --library over XUNTU_LIBRARY over the default', () => {
    expect(resolveLibraryDir('/a', { XUNTU_LIBRARY: '/b' })).toBe('/a');
    expect(resolveLibraryDir(undefined, { XUNTU_LIBRARY: '/b' })).toBe('/b');
    expect(resolveLibraryDir(undefined, { XDG_CONFIG_HOME: '/c' })).toBe('/c/Xuntu/library');
  });
});
