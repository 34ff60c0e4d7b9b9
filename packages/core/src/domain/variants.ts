/**
 * Language variants of a post: which body a reader sees. Pure and tiny, so
 * `<eco-post>` imports it statically.
 */
import type { Locale, Post } from '@ecotone/protocol';

/** The body of a post shown to a reader, and where it comes from. */
export interface PickedVariant {
  /** Markdown body to render. */
  body: string;
  /** The language of `body` (use it as the `lang` of the rendered body). */
  locale: Locale;
  /** True when this is the post's own body (the language it was written in). */
  isSource: boolean;
  /** True when a machine translation produced it. */
  machine: boolean;
}

/** The primary language subtag, lower-cased: `fr-CA` → `fr`. */
function language(locale: string): string {
  return locale.toLowerCase().split(/[-_]/)[0] ?? '';
}

/**
 * The body a reader in `locale` sees: the variant in their language when the
 * post has one, else the source. `fr-CA` matches a `fr` variant.
 *
 * @example
 * const shown = pickVariant(post, 'fr'); // { body: 'Bonjour', locale: 'fr', isSource: false, machine: false }
 * html`<div lang=${shown.locale}>${renderMarkdown(shown.body)}</div>`;
 */
export function pickVariant(post: Pick<Post, 'body' | 'locale' | 'variants'>, locale: string): PickedVariant {
  const wanted = language(locale);
  if (language(post.locale) !== wanted) {
    const variant = post.variants?.find((v) => language(v.locale) === wanted);
    if (variant) return { body: variant.body, locale: variant.locale, isSource: false, machine: variant.machine };
  }
  return { body: post.body, locale: post.locale, isSource: true, machine: false };
}

/** Every language a post can be read in: its source first, then its variants. */
export function postLanguages(post: Pick<Post, 'locale' | 'variants'>): Locale[] {
  return [post.locale, ...(post.variants ?? []).map((v) => v.locale).filter((l) => l !== post.locale)];
}
