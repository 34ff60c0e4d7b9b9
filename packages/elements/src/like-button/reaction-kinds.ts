import { svg, type SVGTemplateResult } from 'lit';
import type { MessageKey } from '../locales/locales.js';

/**
 * Line icons drawn with `currentColor`, inline: no font, image or CDN needed.
 * Emoji were tried first and render as empty boxes on workstations without
 * an emoji font, common on closed networks.
 */
const icon = (d: string): SVGTemplateResult =>
  svg`<svg viewBox="0 0 24 24" width="1.1em" height="1.1em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;

/** Icon and label key of each known reaction kind. */
export const REACTION_KINDS: Readonly<Record<string, { icon: SVGTemplateResult; label: MessageKey }>> = {
  // A thumb up.
  like: { icon: icon('M7 10v11H3V10zm0 11h10.3a2 2 0 0 0 2-1.6l1.4-7A2 2 0 0 0 18.7 10H14l.8-4a2 2 0 0 0-3.6-1.5L7 10'), label: 'kindLike' },
  // A star.
  celebrate: { icon: icon('M12 3l2.7 5.6 6.1.9-4.4 4.3 1 6.1L12 17l-5.4 2.9 1-6.1-4.4-4.3 6.1-.9z'), label: 'kindCelebrate' },
  // A light bulb.
  insightful: { icon: icon('M9 18h6m-5 3h4M12 3a6 6 0 0 0-3.5 10.9V16h7v-2.1A6 6 0 0 0 12 3z'), label: 'kindInsightful' },
  // A heart.
  support: { icon: icon('M12 20s-8-4.9-8-10.5A4.5 4.5 0 0 1 12 7a4.5 4.5 0 0 1 8 2.5C20 15.1 12 20 12 20z'), label: 'kindSupport' },
};

/** Icon of a kind the elements do not know (configured on the server only): a circle. */
export const UNKNOWN_KIND_ICON = icon('M12 3a9 9 0 1 0 0 18 9 9 0 0 0 0-18z');
