/** Strings of `<eco-post>`, `<eco-feed>` and `<eco-composer>` (see locales.ts). */
import en from './feed.en.json' with { type: 'json' };
import fr from './feed.fr.json' with { type: 'json' };
import de from './feed.de.json' with { type: 'json' };
import type { StringSet } from './locales.js';

export const feedStrings: StringSet = { en, fr, de };
