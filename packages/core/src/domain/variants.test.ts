import { describe, expect, it } from 'vitest';
import { pickVariant, postLanguages } from './variants.js';
import { makePost } from '../_fixtures.js';

const post = makePost(1, {
  body: 'Hallo',
  locale: 'de',
  variants: [
    { locale: 'fr', body: 'Bonjour', machine: false },
    { locale: 'en', body: 'Hello', machine: true },
  ],
});

describe('pickVariant', () => {
  it('shows the reader their language when a variant exists', () => {
    expect(pickVariant(post, 'fr')).toEqual({ body: 'Bonjour', locale: 'fr', isSource: false, machine: false });
    expect(pickVariant(post, 'en')).toEqual({ body: 'Hello', locale: 'en', isSource: false, machine: true });
  });

  it('shows the source to a reader of its language', () => {
    expect(pickVariant(post, 'de')).toEqual({ body: 'Hallo', locale: 'de', isSource: true, machine: false });
  });

  it('matches regional locales on the language', () => {
    expect(pickVariant(post, 'fr-CA').body).toBe('Bonjour');
    expect(pickVariant(post, 'DE-at').isSource).toBe(true);
  });

  it('falls back to the source without a variant', () => {
    const onlyFr = makePost(2, { body: 'Hello', locale: 'en', variants: [{ locale: 'fr', body: 'Bonjour', machine: false }] });
    expect(pickVariant(onlyFr, 'de')).toEqual({ body: 'Hello', locale: 'en', isSource: true, machine: false });
    expect(pickVariant(makePost(3), 'fr')).toMatchObject({ body: 'Post 3', isSource: true });
    expect(pickVariant(onlyFr, 'it').isSource).toBe(true);
  });

  it('lists the languages of a post, source first', () => {
    expect(postLanguages(post)).toEqual(['de', 'fr', 'en']);
    expect(postLanguages(makePost(3))).toEqual(['en']);
  });
});
