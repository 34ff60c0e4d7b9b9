import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-spaces-border-color: ${token('--eco-color-border')};
      --eco-spaces-muted-color: ${token('--eco-color-text-muted')};
      --eco-spaces-link-color: ${token('--eco-color-accent')};
      --eco-spaces-button-background: ${token('--eco-color-accent')};
      --eco-spaces-button-color: ${token('--eco-color-accent-text')};
      --eco-spaces-error-color: ${token('--eco-color-danger')};
      --eco-spaces-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-spaces-border-color);
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-size: 0;
      --_button-font-size: ${token('--eco-font-size-small')};
      --_button-accent: var(--eco-spaces-button-background);
      --_button-accent-text: var(--eco-spaces-button-color);
    }
    section {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .title {
      margin: 0;
      font-size: calc(${token('--eco-font-size')} * 1.25);
    }
    .toolbar {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: ${token('--eco-space-s')};
    }
    .field {
      display: grid;
      gap: 2px;
      font-size: ${token('--eco-font-size-small')};
      font-weight: 600;
    }
    .check {
      display: flex;
      align-items: center;
      gap: ${token('--eco-space-xs')};
      font-size: ${token('--eco-font-size-small')};
    }
    input[type='search'],
    select,
    textarea {
      font: inherit;
      font-weight: normal;
      padding: 2px ${token('--eco-space-xs')};
      border: 1px solid var(--eco-spaces-border-color);
      border-radius: ${token('--eco-radius')};
      background: ${token('--eco-color-surface')};
      color: inherit;
    }
    .list,
    .people {
      display: grid;
      gap: ${token('--eco-space-s')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .space {
      display: grid;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-spaces-border-color);
      border-radius: ${token('--eco-radius')};
    }
    .space[aria-busy='true'] {
      border-style: dashed;
    }
    .name {
      margin: 0;
      font-size: ${token('--eco-font-size')};
    }
    .name a {
      color: var(--eco-spaces-link-color);
    }
    .meta,
    .status,
    .muted,
    .pending,
    .message {
      margin: 0;
      color: var(--eco-spaces-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .description {
      margin: 0;
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: ${token('--eco-space-xs')};
    }
    button.danger {
      border-color: var(--eco-spaces-error-color);
      color: var(--eco-spaces-error-color);
    }
    .box {
      display: grid;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      background: ${token('--eco-color-surface-raised')};
    }
    .box p,
    .members h4 {
      margin: 0;
    }
    .members h4 {
      font-size: ${token('--eco-font-size-small')};
    }
    .people li {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: ${token('--eco-space-xs')};
    }
    .person {
      font-weight: 600;
    }
    .error {
      margin: 0;
      padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      background: var(--eco-spaces-error-background);
      color: var(--eco-spaces-error-color);
      font-size: ${token('--eco-font-size-small')};
    }
  `,
];
