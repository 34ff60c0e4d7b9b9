import { css, unsafeCSS, type CSSResult } from 'lit';

/**
 * Global design tokens: an integrator sets any of these on `:root` (or any
 * ancestor) to theme every element at once. Each element maps them to its own
 * `--eco-<element>-*` variables on `:host`, which override one element only.
 * The values here are the defaults used when a page sets nothing.
 */
export const tokens = {
  '--eco-color-text': '#1f2328',
  '--eco-color-text-muted': '#59636e',
  '--eco-color-surface': '#ffffff',
  '--eco-color-surface-raised': '#f6f8fa',
  '--eco-color-border': '#d1d9e0',
  '--eco-color-accent': '#0a5bc4',
  '--eco-color-accent-text': '#ffffff',
  '--eco-color-accent-soft': '#ddeafc',
  '--eco-color-danger': '#b42318',
  '--eco-color-danger-soft': '#fdecea',
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
  '--eco-focus-ring-color': '#0a5bc4',
  '--eco-focus-ring-width': '2px',
  '--eco-focus-ring-offset': '2px',
} as const;

export type TokenName = keyof typeof tokens;

/** `var(--eco-x, <default>)` for a global token; a typo is a compile error. */
export function token(name: TokenName): CSSResult {
  return unsafeCSS(`var(${name}, ${tokens[name]})`);
}

/** Shared by every element: box model, font, focus ring, visually hidden text. */
export const baseStyles = css`
  :host {
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
