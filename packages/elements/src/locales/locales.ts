/**
 * UI strings of the elements, i18next namespace `elements`. Plurals use
 * i18next's `_one` / `_other` (and French `_many`) suffixes chosen by
 * `Intl.PluralRules`; `{{formatted}}` is the locale-formatted count.
 */
import en from './en.json' with { type: 'json' };
import fr from './fr.json' with { type: 'json' };
import de from './de.json' with { type: 'json' };

/** i18next namespace the elements register their strings under. */
export const ELEMENTS_NAMESPACE = 'elements';

export type ElementsStrings = typeof en;
/** Keys callers pass to `t()`: plural suffixes stripped. */
export type MessageKey = keyof ElementsStrings extends infer K
  ? K extends `${infer Base}_${'one' | 'other'}`
    ? Base
    : K
  : never;

export const elementsResources: Readonly<Record<'en' | 'fr' | 'de', Record<string, string>>> = { en, fr, de };
