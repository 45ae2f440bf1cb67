import { describe, expect, it } from 'vitest';
import { parseXuntuPath, pathLeaf, xuntuPath } from '../../../main/core/xmp/keyword-paths.js';

describe('Xuntu hierarchical keywords', () => {
  it('round-trips set and label, a set holding "|" included', () => {
    for (const k of [{ set: '颜色', label: '红' }, { set: 'a|b', label: 'c' }]) expect(parseXuntuPath(xuntuPath(k))).toEqual(k);
  });

  it('is not fooled by other roots or incomplete paths', () => {
    for (const p of ['People|Anna', 'Xuntu', 'Xuntu|颜色', 'Xuntu||红', 'Xuntu|颜色|', 'Xuntus|a|b']) expect(parseXuntuPath(p)).toBeNull();
  });

  it('takes the last non-empty level as the keyword', () => {
    expect(pathLeaf('地点|中国|北京')).toBe('北京');
    expect(pathLeaf('地点| 海南 |')).toBe('海南');
    expect(pathLeaf('|')).toBeNull();
  });
});
