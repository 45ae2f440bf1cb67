import type { Language, ProviderSetting, Settings } from '../../common/ipc-contract.js';
import type { ExecutionProviderName } from '../clip/clip-engine.js';
import type { Db } from '../db/open-database.js';
import type { InferencePoolOptions } from '../infer/inference-pool.js';
import { resolvePoolShape } from '../infer/pool-defaults.js';
import type { Lang } from '../i18n/locale.js';

/** Kept in the library's settings table (beside the active model), so the CLI and the app see the same choices. */
const KEYS = { language: 'app.language', threads: 'app.threads', provider: 'app.provider' } as const;

export function readSettings(db: Db, defaultLanguage: Language): Settings {
  const get = (key: string) => db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  const language = get(KEYS.language);
  const threads = Number(get(KEYS.threads));
  const provider = get(KEYS.provider);
  return {
    language: language === 'en' || language === 'zh-CN' ? language : defaultLanguage,
    threads: Number.isInteger(threads) && threads > 0 ? threads : null,
    provider: (provider as ProviderSetting | undefined) ?? 'auto',
  };
}

export function writeSettings(db: Db, change: Partial<Settings>): void {
  const put = db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value');
  const remove = db.prepare('DELETE FROM settings WHERE key = ?');
  db.transaction(() => {
    if (change.language !== undefined) put.run(KEYS.language, change.language);
    if (change.provider !== undefined) put.run(KEYS.provider, change.provider);
    if (change.threads === null) remove.run(KEYS.threads);
    else if (change.threads !== undefined) put.run(KEYS.threads, String(change.threads));
  })();
}

/** The core's message language for the UI's. */
export function coreLang(language: Language): Lang {
  return language === 'en' ? 'en' : 'zh';
}

export function uiLanguage(lang: Lang): Language {
  return lang === 'en' ? 'en' : 'zh-CN';
}

/**
 * The pool shape the settings ask for: `threads` is the whole budget (workers × intra-op threads, split the way the
 * pool splits the machine's cores), a named provider is tried before the CPU it falls back to.
 */
export function poolOptions(settings: Settings): Pick<InferencePoolOptions, 'workers' | 'intraOpThreads' | 'providers'> {
  const shape = settings.threads === null ? {} : resolvePoolShape({}, settings.threads);
  const providers: ExecutionProviderName[] | undefined =
    settings.provider === 'auto' ? undefined : settings.provider === 'cpu' ? ['cpu'] : [settings.provider, 'cpu'];
  return { ...shape, ...(providers && { providers }) };
}
