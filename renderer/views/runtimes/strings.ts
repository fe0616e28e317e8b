// The runtimes view's strings, English and Korean (see ../../i18n/translation.ts).
import { viewStrings } from '../../i18n/translation.js';

export const runtimesStrings = viewStrings({
  en: { title: 'Runtimes' },
  ko: { title: 'containerd와 Docker' },
  same: [],
});
