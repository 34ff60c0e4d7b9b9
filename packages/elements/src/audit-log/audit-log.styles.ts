import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-audit-log-border-color: ${token('--eco-color-border')};
      --eco-audit-log-muted-color: ${token('--eco-color-text-muted')};
      --eco-audit-log-header-background: ${token('--eco-color-surface-raised')};
      --eco-audit-log-button-background: ${token('--eco-color-accent')};
      --eco-audit-log-button-color: ${token('--eco-color-accent-text')};
      --eco-audit-log-error-color: ${token('--eco-color-danger')};
      --eco-audit-log-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-audit-log-border-color);
      --_button-accent: var(--eco-audit-log-button-background);
      --_button-accent-text: var(--eco-audit-log-button-color);
    }
    .base {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .title {
      margin: 0;
      font-size: calc(${token('--eco-font-size')} * 1.125);
    }
    .filters {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: ${token('--eco-space-s')} ${token('--eco-space-m')};
    }
    .field {
      display: grid;
      gap: ${token('--eco-space-xs')};
    }
    .field label {
      font-weight: 600;
      font-size: ${token('--eco-font-size-small')};
    }
    select,
    input {
      font: inherit;
      color: inherit;
      background: transparent;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border: 1px solid var(--eco-audit-log-border-color);
      border-radius: ${token('--eco-radius')};
    }
    input:invalid {
      border-color: var(--eco-audit-log-error-color);
    }
    .actions {
      display: flex;
      gap: ${token('--eco-space-s')};
    }
    .help,
    .status {
      margin: 0;
      color: var(--eco-audit-log-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .filters .help {
      flex-basis: 100%;
    }
    .scroll {
      overflow-x: auto;
    }
    .table {
      width: 100%;
      border-collapse: collapse;
      font-size: ${token('--eco-font-size-small')};
    }
    caption {
      text-align: start;
      padding-block-end: ${token('--eco-space-xs')};
      color: var(--eco-audit-log-muted-color);
    }
    th,
    td {
      text-align: start;
      vertical-align: top;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-block-end: 1px solid var(--eco-audit-log-border-color);
    }
    th {
      background: var(--eco-audit-log-header-background);
    }
    time {
      white-space: nowrap;
    }
    .id {
      display: block;
      font-family: ${token('--eco-font-family-mono')};
      color: var(--eco-audit-log-muted-color);
      overflow-wrap: anywhere;
    }
    .detail {
      margin: 0;
      display: grid;
      gap: 0.125rem;
    }
    .detail div {
      display: flex;
      gap: ${token('--eco-space-xs')};
    }
    .detail dt {
      color: var(--eco-audit-log-muted-color);
    }
    .detail dt::after {
      content: ':';
    }
    .detail dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .empty,
    .forbidden {
      margin: 0;
    }
    .more {
      justify-self: start;
    }
    .error {
      margin: 0;
      padding: ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      color: var(--eco-audit-log-error-color);
      background: var(--eco-audit-log-error-background);
    }
    .error p {
      margin: 0 0 ${token('--eco-space-xs')};
    }
  `,
];
