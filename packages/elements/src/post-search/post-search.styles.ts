import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-post-search-border-color: ${token('--eco-color-border')};
      --eco-post-search-muted-color: ${token('--eco-color-text-muted')};
      --eco-post-search-mark-background: ${token('--eco-color-accent-soft')};
      --eco-post-search-link-color: ${token('--eco-color-accent')};
      --eco-post-search-error-color: ${token('--eco-color-danger')};
      --eco-post-search-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-post-search-border-color);
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-size: 0;
      --_button-font-size: ${token('--eco-font-size-small')};
    }
    .base {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    [role='search'] {
      display: grid;
      gap: 2px;
    }
    label {
      font-weight: 600;
    }
    input {
      font: inherit;
      color: inherit;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border: 1px solid var(--eco-post-search-border-color);
      border-radius: ${token('--eco-radius')};
      background: ${token('--eco-color-surface')};
    }
    .status,
    .byline {
      margin: 0;
      color: var(--eco-post-search-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .results {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .result {
      display: grid;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-post-search-border-color);
      border-radius: ${token('--eco-radius')};
    }
    .byline {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      align-items: baseline;
    }
    .author {
      font-weight: 600;
      color: ${token('--eco-color-text')};
    }
    .language {
      text-decoration: none;
      padding: 0 4px;
      border: 1px solid var(--eco-post-search-border-color);
      border-radius: ${token('--eco-radius')};
    }
    .excerpt {
      margin: 0;
      overflow-wrap: anywhere;
    }
    mark {
      background: var(--eco-post-search-mark-background);
      color: inherit;
      font-weight: 600;
    }
    .open {
      justify-self: start;
      font: inherit;
      font-size: ${token('--eco-font-size-small')};
      color: var(--eco-post-search-link-color);
      background: none;
      border: none;
      padding: 0;
      text-decoration: underline;
      cursor: pointer;
    }
    .more,
    .error button {
      justify-self: start;
    }
    .error {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
      align-items: center;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      background: var(--eco-post-search-error-background);
      color: var(--eco-post-search-error-color);
      font-size: ${token('--eco-font-size-small')};
    }
  `,
];
