// The editor view's strings, English and Korean (see ../../i18n/translation.ts).
import { viewStrings } from '../../i18n/translation.js';

export const editorStrings = viewStrings({
  en: { title: 'Editor' },
  ko: { title: '편집기' },
  same: [],
});
