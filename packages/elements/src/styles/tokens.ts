import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Global design tokens: an integrator sets any of these on `:root` (or any
 * ancestor) to theme every element at once. Each element maps them to its own
 * `--eco-<element>-*` variables on `:host`, which override one element only.
 * The values here are the defaults used when a page sets nothing; a colour has
 * a light and a dark default (`[light, dark]`), picked by `light-dark()` from
 * the colour scheme of the element (see `--eco-color-scheme` below).
 */
export const tokens = {
  /**
   * `light dark` (the default) follows the system's `prefers-color-scheme`;
   * `light` or `dark` forces one. `<eco-provider theme>` sets it for what it
   * holds; a page may set it on `:root` or on any element.
   */
  '--eco-color-scheme': 'light dark',
  // Dark values: every pair of text and background below keeps the 4.5:1
  // contrast of WCAG AA (muted text on raised surfaces and soft tints too);
  // the accent turns light, so text on it turns dark.
  '--eco-color-text': ['#1f2328', '#e6edf3'],
  '--eco-color-text-muted': ['#59636e', '#9ba5b0'],
  '--eco-color-surface': ['#ffffff', '#0d1117'],
  '--eco-color-surface-raised': ['#f6f8fa', '#161b22'],
  '--eco-color-border': ['#d1d9e0', '#3d444d'],
  '--eco-color-accent': ['#0a5bc4', '#58a6ff'],
  '--eco-color-accent-text': ['#ffffff', '#0d1117'],
  '--eco-color-accent-soft': ['#ddeafc', '#132c4f'],
  '--eco-color-danger': ['#b42318', '#ff7b72'],
  '--eco-color-danger-soft': ['#fdecea', '#3a1619'],
  '--eco-font-family': 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif',
  '--eco-font-family-mono': 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  '--eco-font-size': '1rem',
  '--eco-font-size-small': '0.875rem',
  '--eco-line-height': '1.5',
  '--eco-radius': '0.5rem',
  '--eco-radius-pill': '999px',
  '--eco-space-xs': '0.25rem',
  '--eco-space-s': '0.5rem',
  '--eco-space-m': '1rem',
  '--eco-focus-ring-color': ['#0a5bc4', '#58a6ff'],
  '--eco-focus-ring-width': '2px',
  '--eco-focus-ring-offset': '2px',
} as const satisfies Record<string, string | readonly [light: string, dark: string]>;

export type TokenName = keyof typeof tokens;

/** A token's default as CSS: `light-dark(light, dark)` for a colour. */
export function tokenDefault(name: TokenName): string {
  const value: string | readonly [string, string] = tokens[name];
  return typeof value === 'string' ? value : `light-dark(${value[0]}, ${value[1]})`;
}

/** `var(--eco-x, <default>)` for a global token; a typo is a compile error. */
export function token(name: TokenName): CSSResult {
  return unsafeCSS(`var(${name}, ${tokenDefault(name)})`);
}

/**
 * Shared by every element: box model, font, colour scheme, focus ring,
 * visually hidden text. (Comments stay out of the CSS: it ships as written.)
 *
 * - `color-scheme` is what `light-dark()` picks from: the system's preference
 *   unless a themed provider or the page sets `--eco-color-scheme` (an
 *   inherited variable: the page's own `color-scheme` says nothing of ours,
 *   and a page that never heard of themes has `normal`, which means light).
 * - Dark, an element paints its surface, so its light text stays legible on a
 *   page that is light; light, the page shows through, as it always did. Its
 *   corners are those of the cards (posts, polls, …), which show no square
 *   corners of the surface behind them.
 */
export const baseStyles = css`
  :host {
    color-scheme: ${token('--eco-color-scheme')};
    background: light-dark(transparent, ${token('--eco-color-surface')});
    border-radius: ${token('--eco-radius')};
    box-sizing: border-box;
    font-family: ${token('--eco-font-family')};
    font-size: ${token('--eco-font-size')};
    line-height: ${token('--eco-line-height')};
    color: ${token('--eco-color-text')};
  }
  :host([hidden]) {
    display: none !important;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
  :focus-visible {
    outline: ${token('--eco-focus-ring-width')} solid ${token('--eco-focus-ring-color')};
    outline-offset: ${token('--eco-focus-ring-offset')};
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  button {
    font: inherit;
  }
`;
