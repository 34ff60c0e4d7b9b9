import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';

export default [
  baseStyles,
  css`
    :host {
      display: inline-block;
      position: relative;
      --eco-notifications-bell-color: ${token('--eco-color-text')};
      --eco-notifications-badge-background: ${token('--eco-color-danger')};
      --eco-notifications-badge-color: ${token('--eco-color-surface')};
      --eco-notifications-panel-background: ${token('--eco-color-surface')};
      --eco-notifications-panel-border-color: ${token('--eco-color-border')};
      --eco-notifications-panel-width: 24rem;
    }
    .bell {
      position: relative;
      display: inline-grid;
      place-items: center;
      inline-size: 2.5rem;
      block-size: 2.5rem;
      padding: 0;
      border: 1px solid var(--eco-notifications-panel-border-color);
      border-radius: 50%;
      background: none;
      color: var(--eco-notifications-bell-color);
      font-size: 1.25rem;
      cursor: pointer;
    }
    .badge {
      position: absolute;
      inset-block-start: -0.25rem;
      inset-inline-end: -0.375rem;
      min-inline-size: 1.25rem;
      padding: 0 0.25rem;
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-notifications-badge-background);
      color: var(--eco-notifications-badge-color);
      font-size: 0.75rem;
      font-weight: 700;
      line-height: 1.25rem;
      text-align: center;
    }
    .panel {
      position: absolute;
      inset-block-start: calc(100% + ${token('--eco-space-xs')});
      inset-inline-end: 0;
      z-index: 10;
      inline-size: min(var(--eco-notifications-panel-width), calc(100vw - 2rem));
      max-block-size: min(32rem, calc(100vh - 6rem));
      overflow: auto;
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-notifications-panel-border-color);
      border-radius: ${token('--eco-radius')};
      background: var(--eco-notifications-panel-background);
      box-shadow: 0 8px 24px rgb(0 0 0 / 0.15);
    }
    .panel[hidden] {
      display: none;
    }
    .status {
      margin: 0;
      font-size: ${token('--eco-font-size-small')};
    }
  `,
];
