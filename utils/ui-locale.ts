// The agent's language for our UI, kept in extension storage so every inbox tab and the
// options page follow one choice. Vietnamese unless the agent picked English.
import { browser } from 'wxt/browser';
import type { Locale } from '@/core/i18n';

const KEY = 'ui.locale';

const parse = (value: unknown): Locale => (value === 'en' ? 'en' : 'vi');

export async function readLocale(): Promise<Locale> {
  try {
    return parse((await browser.storage.local.get(KEY))[KEY]);
  } catch {
    return 'vi';
  }
}

export async function saveLocale(locale: Locale): Promise<void> {
  await browser.storage.local.set({ [KEY]: locale });
}

/** Calls back when the agent changes language anywhere; returns the unsubscribe. */
export function watchLocale(onChange: (locale: Locale) => void): () => void {
  const listener = (changes: Record<string, { newValue?: unknown }>, area: string) => {
    if (area === 'local' && KEY in changes) onChange(parse(changes[KEY]?.newValue));
  };
  browser.storage.onChanged.addListener(listener);
  return () => browser.storage.onChanged.removeListener(listener);
}
