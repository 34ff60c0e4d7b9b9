import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-person-background: ${token('--eco-color-surface')};
      --eco-person-border-color: ${token('--eco-color-border')};
      --eco-person-radius: ${token('--eco-radius')};
      --eco-person-muted-color: ${token('--eco-color-text-muted')};
      --eco-person-avatar-background: ${token('--eco-color-accent-soft')};
      --eco-person-avatar-color: ${token('--eco-color-accent')};
      --eco-person-link-color: ${token('--eco-color-text')};
      --eco-person-error-color: ${token('--eco-color-danger')};
      --_button-border: var(--eco-person-border-color);
    }
    section {
      display: grid;
      gap: ${token('--eco-space-s')};
      padding: ${token('--eco-space-m')};
      border: 1px solid var(--eco-person-border-color);
      border-radius: var(--eco-person-radius);
      background: var(--eco-person-background);
    }
    header {
      display: flex;
      gap: ${token('--eco-space-m')};
      align-items: center;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      flex: none;
      width: 4rem;
      height: 4rem;
      border-radius: 50%;
      overflow: hidden;
      background: var(--eco-person-avatar-background);
      color: var(--eco-person-avatar-color);
      font-size: 1.5rem;
      font-weight: 600;
    }
    .avatar img {
      width: 100%;
      height: 100%;
      object-fit: cover;
    }
    h2,
    h3,
    p {
      margin: 0;
    }
    h2 {
      font-size: 1.25rem;
    }
    h3 {
      margin-block-start: ${token('--eco-space-s')};
      font-size: ${token('--eco-font-size')};
    }
    .muted,
    .status {
      color: var(--eco-person-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .former {
      font-style: italic;
    }
    ul {
      display: grid;
      gap: ${token('--eco-space-xs')};
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .spaces {
      display: flex;
      flex-wrap: wrap;
    }
    .spaces li {
      padding: 0 ${token('--eco-space-s')};
      border: 1px solid var(--eco-person-border-color);
      border-radius: ${token('--eco-radius-pill')};
      font-size: ${token('--eco-font-size-small')};
    }
    .post {
      display: grid;
      width: 100%;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')};
      border: 0;
      border-block-end: 1px solid var(--eco-person-border-color);
      background: none;
      color: var(--eco-person-link-color);
      font: inherit;
      text-align: start;
      cursor: pointer;
    }
    .error {
      display: flex;
      flex-wrap: wrap;
      gap: ${token('--eco-space-s')};
      align-items: center;
      color: var(--eco-person-error-color);
    }
  `,
];
