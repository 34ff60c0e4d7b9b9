/**
 * What people write, made safe to show and to compare: the one module the
 * server and the in-process transports use for names, titles, poll questions
 * and options (single-line labels) and for multi-line bodies. Pure functions,
 * no schema library: a client can use them cheaply.
 */
import { CONFUSABLE_PAIRS } from './confusables-table.js';
import type { ProblemFieldError } from './wire-types.js';

/**
 * Zero-width joiners that hold an emoji sequence together (👩‍💻 is 👩, ZWJ, 💻):
 * between two pictographs (the first possibly with its presentation selector
 * or skin tone) a joiner hides nothing and is kept.
 */
const EMOJI_JOINER = String.raw`(?<=\p{Extended_Pictographic}(?:\u{FE0F}|\p{Emoji_Modifier})?)\u200D(?=\p{Extended_Pictographic})`;
/** Text or emoji presentation selectors after a pictograph or a keycap base (❤️, 1️⃣). */
const EMOJI_SELECTOR = String.raw`(?<=[\p{Extended_Pictographic}0-9#*])[\u{FE0E}\u{FE0F}]`;

/**
 * Characters that show nothing of their own but change what a label looks
 * like or how it compares: every format character (bidi embeddings,
 * overrides, isolates and marks U+202A–U+202E, U+2066–U+2069, U+200E, U+200F,
 * U+061C; zero-width space, joiners, word joiner and invisible operators
 * U+200B–U+200D, U+2060–U+2064; BOM U+FEFF; soft hyphen U+00AD; Mongolian
 * vowel separator U+180E; tags…), every other default-ignorable code point
 * (Hangul fillers U+3164, U+115F, U+1160, U+FFA0, combining grapheme joiner,
 * variation selectors…) and lone surrogates. The emoji joiners and selectors
 * above are the exceptions.
 */
const INVISIBLE = new RegExp(String.raw`(${EMOJI_JOINER}|${EMOJI_SELECTOR})|[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]`, 'gu');
/** Control characters read as white space (a tab, a line break, NUL from a careless export). */
const CONTROL_OR_SPACE = /[\p{Cc}\s]+/gu;

/**
 * A single-line label (display name, title, site, poll question or option,
 * note title, tag) as it is stored and shown: Unicode NFC, without invisible
 * and bidirectional control characters (so a name cannot reverse the text
 * beside it or hide a difference), control characters and runs of white
 * space (line breaks included) as one space, trimmed. May be empty: the
 * caller decides whether an empty label is refused.
 *
 * @example normalizeLabel(' Ye\u200Bs\u202E ') === 'Yes'
 */
export function normalizeLabel(text: string): string {
  return text
    .replace(INVISIBLE, (_char, kept: string | undefined) => kept ?? '')
    .replace(CONTROL_OR_SPACE, ' ')
    .normalize('NFC')
    .trim();
}

/**
 * Bidi embeddings and overrides (LRE, RLE, PDF, LRO, RLO). Unlike isolates
 * and marks, which right-to-left writers need and which cannot reorder text
 * outside their own run, an override reverses everything after it up to the
 * end of the paragraph and has no use in prose.
 */
const BIDI_EMBEDDING_OR_OVERRIDE = /[\u202A-\u202E]/g;

/**
 * A multi-line body (post, comment, note body, join-request message) as it is
 * stored: Unicode NFC, without bidi embeddings and overrides; everything
 * else, line breaks and Markdown included, is kept as written.
 */
export function normalizeBody(text: string): string {
  return text.replace(BIDI_EMBEDDING_OR_OVERRIDE, '').normalize('NFC');
}

let prototypes: ReadonlyMap<string, string> | undefined;
/** Built on first use: the table is large and most clients never compare labels. */
function prototypeOf(char: string): string {
  if (!prototypes) {
    const map = new Map<string, string>();
    for (let i = 0; i + 1 < CONFUSABLE_PAIRS.length; i += 2) map.set(CONFUSABLE_PAIRS[i]!, CONFUSABLE_PAIRS[i + 1]!);
    prototypes = map;
  }
  return prototypes.get(char) ?? char;
}

/** Full case folding, close enough for comparison: ß and SS, ς and σ, ﬁ and fi fold together. */
const fold = (text: string) => text.toUpperCase().toLowerCase();
const ALL_INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;

/** The normalised label without any invisible character, in compatibility form (NFKC: ＹＥＳ is YES). */
const visibleText = (text: string) => normalizeLabel(text).replace(ALL_INVISIBLE, '').normalize('NFKC');

/**
 * What a label looks like, for comparison only (never shown): the UTS #39
 * skeleton (NFD, each character replaced by its prototype from Unicode's
 * confusables table, NFD again) of the normalised label in compatibility
 * form, without invisible characters, folded to one case. `Yes`, `Yes\u200B`,
 * `Yeѕ` (Cyrillic s), `Υes` (Greek Upsilon), `ＹＥＳ` and ` yes ` share one
 * skeleton; so do `0` and `O`, `m` and `rn`, which Unicode lists as
 * confusable. Case is folded after the mapping, because capitals of other
 * scripts look like Latin capitals (Υ like Y), not like Latin small letters.
 *
 * @example labelSkeleton('Yeѕ') === labelSkeleton('YES')
 */
export function labelSkeleton(text: string): string {
  let mapped = '';
  for (const char of visibleText(text).normalize('NFD')) mapped += prototypeOf(char);
  return fold(mapped.normalize('NFD'));
}

/**
 * Whether two labels look the same to a reader: the same skeleton, or the
 * same text but for case. Both are needed: Unicode maps a capital I to l
 * (they look alike), so `It` and `it` have different skeletons.
 */
export function labelsLookAlike(a: string, b: string): boolean {
  return labelSkeleton(a) === labelSkeleton(b) || fold(visibleText(a)) === fold(visibleText(b));
}

/**
 * For each label that looks the same as an earlier one, its index and the
 * earlier one's: `[[2, 0]]` when the third label repeats the first.
 * Empty labels are left to the caller.
 */
export function confusableRepeats(labels: readonly string[]): Array<[index: number, sameAs: number]> {
  const bySkeleton = new Map<string, number>();
  const byFoldedText = new Map<string, number>();
  const repeats: Array<[number, number]> = [];
  labels.forEach((label, index) => {
    const folded = fold(visibleText(label));
    if (folded === '') return;
    const skeleton = labelSkeleton(label);
    const first = bySkeleton.get(skeleton) ?? byFoldedText.get(folded);
    if (first !== undefined) repeats.push([index, first]);
    if (!bySkeleton.has(skeleton)) bySkeleton.set(skeleton, index);
    if (!byFoldedText.has(folded)) byFoldedText.set(folded, index);
  });
  return repeats;
}

/**
 * Field errors of the options of a poll: an option that is empty once
 * normalised (only spaces or invisible characters) or that looks the same as
 * an earlier one. `path` names the options (`/body/polls/0/options`); the
 * message counts options from 1, as people do: `looks the same as option 1`.
 */
export function optionLabelErrors(labels: readonly string[], path: string): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  labels.forEach((label, i) => {
    if (normalizeLabel(label) === '') errors.push({ path: `${path}/${i}`, message: 'must not be blank' });
  });
  for (const [i, sameAs] of confusableRepeats(labels)) {
    errors.push({ path: `${path}/${i}`, message: `looks the same as option ${sameAs + 1}` });
  }
  return errors.sort((a, b) => Number(a.path.slice(path.length + 1)) - Number(b.path.slice(path.length + 1)));
}
