// The setup view's strings, English and Korean (see ../../i18n/translation.ts).
import { viewStrings } from '../../i18n/translation.js';

export const setupStrings = viewStrings({
  en: { title: 'Setup' },
  ko: { title: '설정' },
  same: [],
});
