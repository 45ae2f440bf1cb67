export type Lang = 'zh' | 'en';

/**
 * Chinese unless the user's locale asks for English. POSIX precedence: LC_ALL, then LC_MESSAGES, then LANG; the
 * "C"/"POSIX" locale of a bare server or CI shell does not count as asking for English.
 */
export function detectLang(env: NodeJS.ProcessEnv = process.env): Lang {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return /^en([_.@-]|$)/i.test(locale) ? 'en' : 'zh';
}

export function parseLang(value: string | undefined): Lang | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (v.startsWith('zh')) return 'zh';
  if (v.startsWith('en')) return 'en';
  return undefined;
}
