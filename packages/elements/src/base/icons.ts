import { svg, type SVGTemplateResult } from 'lit';

/**
 * Line icons of posts and feeds, drawn with `currentColor` like the reaction
 * icons (see like-button/reaction-kinds.ts): no emoji font needed. Decorative:
 * always next to a text that says the same.
 */
const icon = (d: string): SVGTemplateResult =>
  svg`<svg aria-hidden="true" viewBox="0 0 24 24" width="1em" height="1em" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d=${d}></path></svg>`;

/** A pushpin: pinned posts. */
export const PIN_ICON = icon('M8 3h8M9 3l1 6-3 3v2h10v-2l-3-3 1-6M12 14v7');
/** A check mark: "I have read this". */
export const CHECK_ICON = icon('M5 12l5 5 9-10');
/** A bell: notifications. */
export const BELL_ICON = icon('M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10.3 21a1.94 1.94 0 0 0 3.4 0');
