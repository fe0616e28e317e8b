// The nodes view's strings, English and Korean (see ../../i18n/translation.ts).
import { viewStrings } from '../../i18n/translation.js';

export const nodesStrings = viewStrings({
  en: { title: 'Nodes' },
  ko: { title: '노드' },
  same: [],
});
