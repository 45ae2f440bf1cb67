import type { Language } from '../../main/common/ipc-contract.js';

/** A message is either plain text or, where a language inflects for number, one text per plural category. */
export type PluralMessage = { readonly one: string; readonly other: string };
export type Message = string | PluralMessage;
export type MessageParams = Readonly<Record<string, string | number>>;

export type Locale = Language;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** Fills `{name}` placeholders; a plural message picks its form from the `count` parameter. */
export function formatMessage(locale: Locale, message: Message, params: MessageParams = {}): string {
  let text: string;
  if (typeof message === 'string') text = message;
  else {
    let rules = pluralRules.get(locale);
    if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(locale)));
    text = rules.select(Number(params.count ?? 0)) === 'one' ? message.one : message.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? value.toLocaleString(locale) : value;
  });
}
