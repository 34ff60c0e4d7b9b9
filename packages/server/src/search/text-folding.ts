/**
 * Text compared without accents or case: "securite" finds "Sécurité",
 * "strasse" finds "Straße". Shared by note search (on stems) and the spaces
 * directory (on stored folded text), so both fold the same way.
 */

const COMBINING_MARKS = /\p{M}+/gu;
/** Letters (any script) and digits; everything else separates words. */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Removes diacritics: NFD then combining marks dropped (é → e, ü → u).
 * ß becomes ss, as German writes it without the letter; the German stemmer
 * already maps ä/ö/ü to a/o/u and ß to ss, so both paths agree.
 */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(COMBINING_MARKS, '').replaceAll('ß', 'ss').normalize('NFC');
}

/**
 * The form searched text is stored in: its words lowercased and without
 * accents, separated by single spaces ("R&D Oncology" → "r d oncology").
 */
export function foldForSearch(text: string): string {
  return searchWords(text).join(' ');
}

/** The folded words of a text or a query. */
export function searchWords(text: string): string[] {
  return [...foldAccents(text.toLowerCase()).matchAll(WORD)].map((m) => m[0]);
}
