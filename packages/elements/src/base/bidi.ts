/**
 * A name or title inside a translated sentence ("By {name}"), wrapped in
 * first-strong isolate and pop directional isolate (U+2068, U+2069): the
 * text equivalent of `<bdi>`, so a right-to-left name cannot reorder the
 * words and punctuation around it. Names standing alone get `dir="auto"` on
 * the element that holds them instead.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;
