import { html, type TemplateResult } from 'lit';

/**
 * A name or title inside a translated sentence ("By {name}"), wrapped in
 * first-strong isolate and pop directional isolate (U+2068, U+2069): the
 * text equivalent of `<bdi>`, so a right-to-left name cannot reorder the
 * words and punctuation around it. Names standing alone get `dir="auto"` on
 * the element that holds them instead; the text of a control uses
 * {@link withBdi}, as its accessible name must not carry these characters.
 */
export const isolate = (text: string): string => `\u2068${text}\u2069`;

/** Stands for the name while the sentence is translated (a private-use character, never in a translation). */
const SLOT = '\uE000';

/**
 * A translated sentence that names a control (a label, a button's text)
 * with `name` in a `<bdi>`: isolated like {@link isolate}, while the
 * control's accessible name stays the plain sentence.
 *
 * @example withBdi((person) => t('spacesRemoveYes', { person }), actor.displayName)
 */
export function withBdi(sentence: (name: string) => string, name: string): TemplateResult | string {
  const [before, after] = sentence(SLOT).split(SLOT);
  return after === undefined ? sentence(name) : html`${before}<bdi>${name}</bdi>${after}`;
}

/**
 * A translated sentence with a control in place of a name ("By {name}",
 * the name a button that opens the person's card): `control` renders the
 * name (with `dir="auto"` on it, as names standing alone have).
 */
export function withControl(sentence: (name: string) => string, name: string, control: (name: string) => TemplateResult): TemplateResult | string {
  const [before, after] = sentence(SLOT).split(SLOT);
  return after === undefined ? sentence(name) : html`${before}${control(name)}${after}`;
}
