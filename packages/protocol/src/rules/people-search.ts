/**
 * People search and person cards: how names are compared (accents and case
 * ignored), in which order people are listed, and which people a space
 * filter keeps. The reference server stores each name folded with
 * {@link foldForSearch} and matches it with a plain LIKE; the in-process
 * transports fold and match with the same functions, so both find the same
 * people in the same order.
 */
import type { Role, Visibility } from '../wire-types.js';
import { canReadSpace } from './spaces.js';

const COMBINING_MARKS = /\p{M}+/gu;
/** Letters (any script) and digits; everything else separates words. */
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Removes diacritics: NFD then combining marks dropped (é → e, ü → u).
 * ß becomes ss, as German writes it without the letter (the German stemmer
 * of note search maps ä/ö/ü to a/o/u and ß to ss too, so both agree).
 */
export function foldAccents(word: string): string {
  return word.normalize('NFD').replace(COMBINING_MARKS, '').replaceAll('ß', 'ss').normalize('NFC');
}

/** The folded words of a text or a query: lowercase, without accents, punctuation dropped. */
export function searchWords(text: string): string[] {
  return [...foldAccents(text.toLowerCase()).matchAll(WORD)].map((m) => m[0]);
}

/**
 * The form searched text is stored in: its words lowercased and without
 * accents, separated by single spaces ("R&D Oncology" → "r d oncology",
 * "Amélie Durand" → "amelie durand").
 */
export function foldForSearch(text: string): string {
  return searchWords(text).join(' ');
}

/**
 * Whether a folded name holds every folded query word (anywhere: "bert"
 * finds "Hubert"); no words match every name. The server asks the same with
 * one `LIKE '%word%'` per word on the stored folded name.
 */
export function nameMatches(foldedName: string, words: readonly string[]): boolean {
  return words.every((word) => foldedName.includes(word));
}

/**
 * The order of every list of people: by display name, then id, compared by
 * UTF-16 code units (the server's byte-order collation agrees on names).
 */
export function comparePeople(a: { id: string; displayName: string }, b: { id: string; displayName: string }): number {
  if (a.displayName !== b.displayName) return a.displayName < b.displayName ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/**
 * Whether a person with `role` in a space of this visibility is offered by a
 * search filtered on that space: whoever can read it (every active person
 * for an open space, its members for a private or secret one).
 */
export function offeredInSpace(visibility: Visibility, role: Role | null): boolean {
  return canReadSpace(visibility, role);
}
