import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-knowledge-search-background: ${token('--eco-color-surface')};
      --eco-knowledge-search-border-color: ${token('--eco-color-border')};
      --eco-knowledge-search-radius: ${token('--eco-radius')};
      --eco-knowledge-search-muted-color: ${token('--eco-color-text-muted')};
      --eco-knowledge-search-active-background: ${token('--eco-color-accent-soft')};
      --eco-knowledge-search-mark-background: ${token('--eco-color-accent-soft')};
      --eco-knowledge-search-danger-color: ${token('--eco-color-danger')};
      --_button-border: var(--eco-knowledge-search-border-color);
      --_button-background: var(--eco-knowledge-search-background);
      --_button-padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-size: 0;
      --_button-font-size: ${token('--eco-font-size-small')};
    }
    .base {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .search-label {
      font-weight: 600;
    }
    .search,
    select {
      font: inherit;
      color: inherit;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border: 1px solid var(--eco-knowledge-search-border-color);
      border-radius: var(--eco-knowledge-search-radius);
      background: var(--eco-knowledge-search-background);
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-s')};
    }
    .facets {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
    }
    .facet[aria-pressed='true'] {
      background: var(--eco-knowledge-search-active-background);
      font-weight: 600;
    }
    .count,
    .status,
    .meta,
    .snippet {
      color: var(--eco-knowledge-search-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .maturity {
      display: inline-flex;
      align-items: center;
      gap: ${token('--eco-space-xs')};
    }
    .status,
    .error {
      margin: 0;
    }
    .error {
      color: var(--eco-knowledge-search-danger-color);
    }
    .results {
      list-style: none;
      margin: 0;
      padding: 0;
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    .item {
      position: relative;
      display: grid;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-knowledge-search-border-color);
      border-radius: var(--eco-knowledge-search-radius);
      background: var(--eco-knowledge-search-background);
    }
    .item:hover,
    .item:focus-within {
      background: var(--eco-knowledge-search-active-background);
    }
    .result {
      display: block;
      padding: 0;
      border: 0;
      background: none;
      text-align: start;
      font: inherit;
      color: inherit;
      text-decoration: none;
      cursor: pointer;
    }
    /* The whole item is the result's click target. */
    .result::after {
      content: '';
      position: absolute;
      inset: 0;
      border-radius: var(--eco-knowledge-search-radius);
    }
    .result:focus-visible {
      outline: none;
    }
    .result:focus-visible::after {
      outline: ${token('--eco-focus-ring-width')} solid ${token('--eco-focus-ring-color')};
      outline-offset: ${token('--eco-focus-ring-offset')};
    }
    .title {
      font-weight: 600;
    }
    .meta {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-xs')};
    }
    .badge {
      padding: 0 ${token('--eco-space-xs')};
      border: 1px solid var(--eco-knowledge-search-border-color);
      border-radius: ${token('--eco-radius-pill')};
    }
    mark {
      background: var(--eco-knowledge-search-mark-background);
      color: inherit;
      font-weight: 600;
    }
    .more {
      justify-self: start;
    }
  `,
];
