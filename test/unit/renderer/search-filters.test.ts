import { describe, expect, it } from 'vitest';
import { atPrecision, filterFields, folderName, isAbsolutePath, precisionOf } from '../../../renderer/search/search-filters.js';

describe('search filters', () => {
  it('sends only the filters set, leaving out an emptied tag list', () => {
    expect(filterFields({ camera: 'FUJIFILM X-T30', labelIds: [] })).toEqual({ camera: 'FUJIFILM X-T30', from: undefined, to: undefined, folder: undefined, labelIds: undefined });
    expect(filterFields({ labelIds: [3] }).labelIds).toEqual([3]);
  });

  it('moves date bounds between month and day precision without narrowing them', () => {
    expect(atPrecision('2024-02', 'day', false)).toBe('2024-02-01');
    expect(atPrecision('2024-02', 'day', true)).toBe('2024-02-29');
    expect(atPrecision('2023-12', 'day', true)).toBe('2023-12-31');
    expect(atPrecision('2024-02-15', 'month', true)).toBe('2024-02');
    expect(atPrecision('2024-02-15', 'day', false)).toBe('2024-02-15');
    expect(atPrecision(undefined, 'day', false)).toBeUndefined();
    expect(precisionOf({ from: '2024-02' })).toBe('month');
    expect(precisionOf({ to: '2024-02-15' })).toBe('day');
  });

  it('accepts the paths the contract accepts and names a folder by its last part', () => {
    expect(['/home/me/Pictures', 'C:\\Photos', 'D:/Photos', '\\\\nas\\photos'].every(isAbsolutePath)).toBe(true);
    expect(['Pictures', '~/Pictures', './a'].some(isAbsolutePath)).toBe(false);
    expect(folderName('/home/me/Pictures/')).toBe('Pictures');
    expect(folderName('C:\\Photos\\2024')).toBe('2024');
    expect(folderName('/')).toBe('/');
  });
});
