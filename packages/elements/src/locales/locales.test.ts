import { expect } from '@open-wc/testing';
import { reactionStrings, type StringSet } from './locales.js';
import { feedStrings } from './feed-strings.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

/** Keys without their plural suffix. */
function baseKeys(bundle: Record<string, string>): string[] {
  return [...new Set(Object.keys(bundle).map((k) => k.replace(PLURAL, '')))].sort();
}

const SETS: Record<string, StringSet> = { reactions: reactionStrings, feed: feedStrings };

for (const [setName, elementsResources] of Object.entries(SETS)) describe(`element strings: ${setName}`, () => {
  const { en, fr, de } = elementsResources;

  it('have the same keys in en, fr and de', () => {
    expect(baseKeys(fr)).to.deep.equal(baseKeys(en));
    expect(baseKeys(de)).to.deep.equal(baseKeys(en));
  });

  for (const [lng, bundle] of Object.entries(elementsResources)) {
    it(`${lng}: every plural key has each form Intl.PluralRules selects`, () => {
      const categories = new Intl.PluralRules(lng).resolvedOptions().pluralCategories;
      const plurals = new Set(Object.keys(bundle).filter((k) => PLURAL.test(k)).map((k) => k.replace(PLURAL, '')));
      for (const key of plurals) {
        for (const category of categories) expect(bundle, `${lng} ${key}_${category}`).to.have.property(`${key}_${category}`);
      }
    });

    it(`${lng}: uses the same placeholders as English`, () => {
      const placeholders = (s: string | undefined) => [...(s ?? '').matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const key of Object.keys(bundle)) {
        const english = en[key] ?? en[key.replace(PLURAL, '_other')];
        expect(placeholders(bundle[key]), `${lng} ${key}`).to.deep.equal(placeholders(english));
      }
    });

    it(`${lng}: has no empty string`, () => {
      expect(Object.entries(bundle).filter(([, v]) => !v.trim())).to.deep.equal([]);
    });
  }

  it('French and German are translated, not copied', () => {
    const same = (other: Record<string, string>) => Object.keys(en).filter((k) => en[k] === other[k] && !/^[\d{}/ .]*$/.test(en[k]!));
    // Words that are the same in both languages.
    const allowed = new Set(['postKindQuestion']);
    expect(same(fr).filter((k) => !allowed.has(k))).to.deep.equal([]);
    expect(same(de).filter((k) => !allowed.has(k))).to.deep.equal([]);
  });
});
