import { describe, expect, it } from 'vitest';
import { detectLang, parseLang } from '../../../main/core/i18n/locale.js';
import { reasonFor } from '../../../main/core/i18n/error-reasons.js';

describe('detectLang', () => {
  it.each([
    [{}, 'zh'],
    [{ LANG: 'C' }, 'zh'],
    [{ LANG: 'POSIX' }, 'zh'],
    [{ LANG: 'zh_CN.UTF-8' }, 'zh'],
    [{ LANG: 'en_US.UTF-8' }, 'en'],
    [{ LANG: 'en' }, 'en'],
    [{ LANG: 'zh_CN.UTF-8', LC_MESSAGES: 'en_GB.UTF-8' }, 'en'],
    [{ LANG: 'en_US.UTF-8', LC_ALL: 'zh_TW.UTF-8' }, 'zh'],
    [{ LANG: 'eng' }, 'zh'],
  ] as const)('%j → %s', (env, expected) => {
    expect(detectLang(env)).toBe(expected);
  });

  it('parses --lang values', () => {
    expect(parseLang('zh-CN')).toBe('zh');
    expect(parseLang('EN')).toBe('en');
    expect(parseLang('fr')).toBeUndefined();
  });
});

describe('reasonFor', () => {
  it('words known codes in the chosen language and keeps the detail', () => {
    expect(reasonFor('EMPTY_FILE', '', 'zh')).toBe('文件为空（0 字节）');
    expect(reasonFor('TRUNCATED', 'VipsJpeg: Premature end of input file', 'en')).toBe(
      'truncated file (interrupted download or copy?): VipsJpeg: Premature end of input file',
    );
    expect(reasonFor('SOMETHING_NEW', 'raw detail', 'zh')).toBe('raw detail');
  });
});
