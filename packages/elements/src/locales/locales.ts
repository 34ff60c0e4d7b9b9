/**
 * UI strings of the elements, i18next namespace `elements`, in two sets so a
 * page with only `<eco-like-button>` does not download the feed's strings:
 *
 * - `en.json`, `fr.json`, `de.json`: reactions (every element uses them);
 * - `feed.<lng>.json`: post, feed and composer.
 *
 * Plurals use i18next's `_one` / `_other` (and French `_many`) suffixes chosen
 * by `Intl.PluralRules`; `{{formatted}}` is the locale-formatted count.
 */
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import de from './de.json' with { type: 'json' };
import type feedEn from './feed.en.json';

/** i18next namespace the elements register their strings under. */
export const ELEMENTS_NAMESPACE = 'elements';

/** One set of strings in every shipped locale. */
export type StringSet = Readonly<Record<'en' | 'fr' | 'de', Readonly<Record<string, string>>>>;

type AllKeys = keyof typeof en | keyof typeof feedEn;
/** Keys callers pass to `t()`: plural suffixes stripped. */
export type MessageKey = AllKeys extends infer K ? (K extends `${infer Base}_${'one' | 'many' | 'other'}` ? Base : K) : never;

/** The reaction strings, used by every element. */
export const reactionStrings: StringSet = { en, fr, de };
