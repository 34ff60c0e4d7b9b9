import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-watch-item-muted-color: ${token('--eco-color-text-muted')};
      --eco-watch-item-link-color: ${token('--eco-color-accent')};
    }
    [part='base'] {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    p {
      margin: 0;
    }
    .title {
      font-weight: 600;
    }
    .title a {
      color: var(--eco-watch-item-link-color);
    }
    .meta,
    .state {
      color: var(--eco-watch-item-muted-color);
      font-size: 0.875em;
    }
    .dismissed .title {
      color: var(--eco-watch-item-muted-color);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
    }
    .error {
      color: ${token('--eco-color-danger')};
    }
  `,
];
