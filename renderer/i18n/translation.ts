// The shape a translation must have: every key of the English strings, strings only.
export type Translation<T> = { [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };

/**
 * One view's strings in both languages, kept beside the view. `same` lists the keys
 * (relative to the view) whose text is the same in both languages on purpose (command
 * names such as `crictl ps`); i18n.spec.ts fails on any other identical pair.
 */
export interface ViewStrings<T> {
  en: T;
  ko: Translation<T>;
  same: readonly string[];
}

export function viewStrings<T>(s: ViewStrings<T>): ViewStrings<T> {
  return s;
}
