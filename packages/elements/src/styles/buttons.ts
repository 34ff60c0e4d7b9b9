import { css } from 'lit';
import { token } from './tokens.js';

/**
 * The one set of button styles of the elements: shape, cursor, the primary
 * (filled) look and the disabled look (also for `aria-disabled`, which keeps
 * a refused button focusable). Each element sets the private variables below
 * on its `:host` from its own documented `--eco-<element>-*` variables, so
 * its public theming API stays what it documents; what belongs to one element
 * only (the like button's pressed state, the composer's filled default) stays
 * in its own styles, after these.
 *
 * - `--_button-border` border colour (required)
 * - `--_button-radius` corner radius (default `--eco-radius`)
 * - `--_button-background`, `--_button-color` (default none, inherit)
 * - `--_button-padding` (default `0 --eco-space-m`), `--_button-size` minimum
 *   block size (default 2.25rem), `--_button-font-size` (default inherit)
 * - `--_button-accent`, `--_button-accent-text` fill and text of `.primary`
 */
export const buttonStyles = css`
  button {
    min-block-size: var(--_button-size, 2.25rem);
    padding: var(--_button-padding, 0 ${token('--eco-space-m')});
    border: 1px solid var(--_button-border);
    border-radius: var(--_button-radius, ${token('--eco-radius')});
    background: var(--_button-background, none);
    color: var(--_button-color, inherit);
    font-size: var(--_button-font-size, inherit);
    cursor: pointer;
  }
  button.primary {
    border-color: var(--_button-accent);
    background: var(--_button-accent);
    color: var(--_button-accent-text);
  }
  button:disabled,
  button[aria-disabled='true'] {
    cursor: not-allowed;
    opacity: 0.6;
  }
`;
