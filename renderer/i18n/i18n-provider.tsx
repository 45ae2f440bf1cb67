import { createContext, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { en } from './messages-en.js';
import { zhCN, type MessageKey, type Messages } from './messages-zh-cn.js';
import { formatMessage, type Locale, type MessageParams } from './translate.js';

const DICTIONARIES: Record<Locale, Messages> = { 'zh-CN': zhCN, en };

export interface I18n {
  locale: Locale;
  setLocale(locale: Locale): void;
  t(key: MessageKey, params?: MessageParams): string;
}

const I18nContext = createContext<I18n | null>(null);

/** The language lives in the library's settings (the core words its messages in it too); the app owns it. */
export function I18nProvider({ locale, setLocale, children }: { locale: Locale; setLocale(locale: Locale): void; children: ReactNode }) {
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = formatMessage(locale, DICTIONARIES[locale]['app.title']);
  }, [locale]);
  const value = useMemo<I18n>(
    () => ({ locale, setLocale, t: (key, params) => formatMessage(locale, DICTIONARIES[locale][key], params) }),
    [locale, setLocale],
  );
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}
