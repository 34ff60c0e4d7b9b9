/**
 * Word-level diff of two texts, for the revision history of
 * `<eco-knowledge-note>`. A module of its own so that jsdiff loads only when
 * the history is opened, not with the note's first paint.
 */
// The word module alone: the package index would also bring the JSON, line and
// patch diffs, which are instantiated at import time and so not tree-shaken.
import { diffWords } from 'diff/lib/diff/word.js';

/** A stretch of text that both versions share, that the newer one added, or that it removed. */
export interface DiffPart {
  kind: 'same' | 'ins' | 'del';
  text: string;
}

/** The changes from `before` to `after`, word by word (whitespace kept). */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWords(before, after).map((change) => ({
    kind: change.added ? 'ins' : change.removed ? 'del' : 'same',
    text: change.value,
  }));
}
