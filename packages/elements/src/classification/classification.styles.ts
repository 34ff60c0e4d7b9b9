import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export default [
  baseStyles,
  css`
    :host {
      display: block;
      --eco-classification-label: ${token('--eco-color-text-muted')};
      --eco-classification-label-text: ${token('--eco-color-surface')};
      --eco-classification-background: var(--eco-classification-label);
      --eco-classification-color: var(--eco-classification-label-text);
      --eco-classification-font-size: ${token('--eco-font-size-small')};
      --eco-classification-radius: ${token('--eco-radius')};
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: var(--eco-classification-radius);
      background: var(--eco-classification-background);
      color: var(--eco-classification-color);
      font-size: var(--eco-classification-font-size);
      font-weight: 700;
      letter-spacing: 0.04em;
      text-align: center;
    }
    :host([badge]) {
      display: inline-block;
      padding-block: 0;
      border-radius: ${token('--eco-radius-pill')};
    }
  `,
];
