import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { ko } from './ko.js';
import { pickLanguage } from './i18n.js';
import { VIEW_STRINGS } from './views.js';

function flatten(obj: object, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'string') out[prefix + k] = v;
    else Object.assign(out, flatten(v as object, `${prefix}${k}.`));
  }
  return out;
}

describe('UI strings', () => {
  const e = flatten(en);
  const k = flatten(ko);

  it('Korean has every English key and no other', () => {
    expect(Object.keys(k).sort()).toEqual(Object.keys(e).sort());
  });

  it('Korean keeps the same {{placeholders}}', () => {
    const holes = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1] ?? '').sort();
    for (const key of Object.keys(e)) expect(holes(k[key] ?? ''), key).toEqual(holes(e[key] ?? ''));
  });

  it('translates every string except names that are the same in both languages', () => {
    const same = Object.keys(e).filter((key) => e[key] === k[key]);
    const allowed = ['app.title', 'languages.en', 'languages.ko', ...Object.entries(VIEW_STRINGS).flatMap(([view, s]) => s.same.map((key) => `${view}.${key}`))];
    expect(same.filter((key) => !allowed.includes(key)).sort()).toEqual([]);
  });
});

describe('pickLanguage', () => {
  it('follows the browser, Korean or English, else English', () => {
    expect(pickLanguage(['ko-KR', 'en-US'])).toBe('ko');
    expect(pickLanguage(['en-GB'])).toBe('en');
    expect(pickLanguage(['fr-FR', 'ko'])).toBe('ko');
    expect(pickLanguage(['de'])).toBe('en');
    expect(pickLanguage([])).toBe('en');
  });
});
