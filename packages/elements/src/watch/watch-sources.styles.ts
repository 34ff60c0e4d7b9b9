import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-watch-sources-border-color: ${token('--eco-color-border')};
      --eco-watch-sources-muted-color: ${token('--eco-color-text-muted')};
      --eco-watch-sources-error-color: ${token('--eco-color-danger')};
    }
    [part='base'] {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      border: 1px solid var(--eco-watch-sources-border-color);
      border-radius: ${token('--eco-radius')};
    }
    li {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0 ${token('--eco-space-s')};
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
    }
    li + li {
      border-block-start: 1px solid var(--eco-watch-sources-border-color);
    }
    .title {
      font-weight: 600;
    }
    .url,
    .state {
      grid-column: 1;
      color: var(--eco-watch-sources-muted-color);
      font-size: 0.875em;
      overflow-wrap: anywhere;
    }
    [part='remove'] {
      grid-column: 2;
      grid-row: 1 / span 3;
      align-self: center;
    }
    .failed,
    .error {
      color: var(--eco-watch-sources-error-color);
    }
    form,
    .opml {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      align-items: end;
    }
    form label {
      display: grid;
      flex: 1 1 16rem;
    }
    p {
      margin: 0;
    }
    [part='import'] input {
      inline-size: 1px;
      block-size: 1px;
      opacity: 0;
      position: absolute;
    }
    [part='import']:focus-within {
      outline: 2px solid ${token('--eco-color-accent')};
    }
  `,
];
