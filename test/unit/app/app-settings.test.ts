import { describe, expect, it } from 'vitest';
import { poolOptions, readSettings, writeSettings } from '../../../main/core/app/app-settings.js';
import { openDatabase } from '../../../main/core/db/open-database.js';

describe('app settings, kept in the library', () => {
  it('starts from the defaults and keeps what is set, field by field', () => {
    const db = openDatabase(':memory:');
    expect(readSettings(db, 'en')).toEqual({ language: 'en', threads: null, provider: 'auto' });
    writeSettings(db, { language: 'zh-CN', threads: 3 });
    writeSettings(db, { provider: 'cuda' });
    expect(readSettings(db, 'en')).toEqual({ language: 'zh-CN', threads: 3, provider: 'cuda' });
    writeSettings(db, { threads: null });
    expect(readSettings(db, 'en').threads).toBeNull();
    db.close();
  });

  it('turns them into the inference pool shape: threads as the whole budget, a named provider before the CPU', () => {
    expect(poolOptions({ language: 'en', threads: null, provider: 'auto' })).toEqual({});
    expect(poolOptions({ language: 'en', threads: 4, provider: 'cpu' })).toEqual({ workers: 2, intraOpThreads: 2, providers: ['cpu'] });
    expect(poolOptions({ language: 'en', threads: 1, provider: 'cuda' })).toEqual({ workers: 1, intraOpThreads: 1, providers: ['cuda', 'cpu'] });
  });
});
