import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-quoted-post-border-color: ${token('--eco-color-border')};
      --eco-quoted-post-muted-color: ${token('--eco-color-text-muted')};
    }
    .card {
      display: grid;
      gap: ${token('--eco-space-xs')};
      margin: 0;
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-quoted-post-border-color);
      border-radius: ${token('--eco-radius')};
    }
    figcaption {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      align-items: baseline;
    }
    .author {
      font-weight: 600;
    }
    .meta,
    .unavailable,
    .status {
      color: var(--eco-quoted-post-muted-color);
      font-size: 0.875em;
    }
    .excerpt,
    p {
      margin: 0;
    }
    .open {
      justify-self: start;
    }
  `,
];
