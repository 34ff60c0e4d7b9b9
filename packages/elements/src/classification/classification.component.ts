import { html, nothing, type PropertyValues } from 'lit';
import { property } from 'lit/decorators.js';
import type { ClassificationLabel, Locale } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { classificationStrings } from '../locales/classification-strings.js';
import styles from './classification.styles.js';

/** Black or white, whichever reads better on `color` (`#rrggbb`): the label's name stays legible on any colour. */
export function textOn(color: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => {
    const c = parseInt(color.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  // Equal contrast with black and white at a luminance of about 0.18.
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! > 0.18 ? '#000000' : '#ffffff';
}

/**
 * @tag eco-classification
 *
 * @summary A space's classification label (docs/security.md#classification),
 * as the other elements show it: a banner at the top of `<eco-feed>` and
 * `<eco-composer>`, a badge in `<eco-knowledge-note>` and `<eco-post>`. They
 * render it (part `classification`, and `classification-<label id>`) only on
 * a server with labels, and load this element only then. Its name is in the
 * element's language, its colour the one the server's labels give; screen
 * readers hear "Classification: RESTRICTED".
 *
 * @csspart base - The label's name.
 *
 * @cssproperty --eco-classification-label - The label's colour (set by the element from the server's labels; read it in your own rules).
 * @cssproperty --eco-classification-label-text - Black or white, whichever reads better on that colour (set by the element).
 * @cssproperty --eco-classification-background - Background (the label's colour).
 * @cssproperty --eco-classification-color - Text colour (black or white, for contrast with the label's colour).
 * @cssproperty --eco-classification-font-size - Font size.
 * @cssproperty --eco-classification-radius - Corner radius of the banner (a badge is a pill).
 */
export class EcoClassification extends EcoElement {
  static override styles = styles;
  static strings = [classificationStrings];

  /** The label to show, from `Me.classification.labels`. */
  @property({ attribute: false }) label?: ClassificationLabel;

  /** A small inline badge rather than a banner across the element. */
  @property({ type: Boolean, reflect: true }) badge = false;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const color = this.label?.color;
    if (changed.has('label') && color) {
      // Through the CSSOM: a style attribute is refused by a CSP without 'unsafe-inline'.
      this.style.setProperty('--eco-classification-label', color);
      this.style.setProperty('--eco-classification-label-text', textOn(color));
    }
  }

  override render() {
    const label = this.label;
    if (!label) return nothing;
    const name = label.names[this.locale as Locale] ?? label.names.en;
    return html`<span part="base"
      ><span class="visually-hidden">${this.localize.t('classification', { name })}</span><span aria-hidden="true">${name}</span></span
    >`;
  }
}
