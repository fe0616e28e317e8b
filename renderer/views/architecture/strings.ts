// The architecture view's strings, English and Korean (see ../../i18n/translation.ts).
import { viewStrings } from '../../i18n/translation.js';

export const architectureStrings = viewStrings({
  en: { title: 'Architecture' },
  ko: { title: '아키텍처' },
  same: [],
});
