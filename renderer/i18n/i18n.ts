// i18next with the two languages bundled in (offline: nothing is fetched). The first
// language comes from the browser's, as the users' own notes are Korean.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './en.js';
import { ko } from './ko.js';

export const LANGUAGES = ['en', 'ko'] as const;
export type Language = (typeof LANGUAGES)[number];

export function pickLanguage(browserLanguages: readonly string[]): Language {
  for (const l of browserLanguages) {
    const base = l.toLowerCase().split('-')[0];
    if (base === 'ko' || base === 'en') return base;
  }
  return 'en';
}

export function initI18n(language: Language): typeof i18next {
  void i18next.use(initReactI18next).init({
    resources: { en: { translation: en }, ko: { translation: ko } },
    lng: language,
    fallbackLng: 'en',
    // React escapes what it renders; escaping here too would show &amp; in the page
    interpolation: { escapeValue: false },
    initAsync: false,
  });
  return i18next;
}
