import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-notification-list-border-color: ${token('--eco-color-border')};
      --eco-notification-list-muted-color: ${token('--eco-color-text-muted')};
      --eco-notification-list-unread-background: ${token('--eco-color-accent-soft')};
      --eco-notification-list-marker-color: ${token('--eco-color-accent')};
      --eco-notification-list-avatar-background: ${token('--eco-color-surface-raised')};
      --eco-notification-list-avatar-color: ${token('--eco-color-text')};
      --eco-notification-list-error-color: ${token('--eco-color-danger')};
      --eco-notification-list-error-background: ${token('--eco-color-danger-soft')};
      --_button-border: var(--eco-notification-list-border-color);
      --_button-radius: ${token('--eco-radius-pill')};
      --_button-padding: 0 ${token('--eco-space-s')};
      --_button-size: 2rem;
      --_button-font-size: ${token('--eco-font-size-small')};
    }
    section {
      display: grid;
      gap: ${token('--eco-space-s')};
    }
    .header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: ${token('--eco-space-s')};
    }
    .title {
      margin: 0;
      font-size: calc(${token('--eco-font-size')} * 1.125);
    }
    .status {
      margin: 0;
      color: var(--eco-notification-list-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .status:empty {
      display: none;
    }
    .list {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .item + .item {
      border-top: 1px solid var(--eco-notification-list-border-color);
    }
    .open {
      display: grid;
      grid-template-columns: auto 1fr auto;
      align-items: start;
      gap: ${token('--eco-space-s')};
      inline-size: 100%;
      padding: ${token('--eco-space-s')};
      border: 0;
      border-radius: ${token('--eco-radius')};
      text-align: start;
    }
    .unread .open {
      background: var(--eco-notification-list-unread-background);
    }
    .avatars {
      display: flex;
    }
    .avatar {
      display: inline-grid;
      place-items: center;
      inline-size: 2rem;
      block-size: 2rem;
      border-radius: 50%;
      overflow: hidden;
      background: var(--eco-notification-list-avatar-background);
      color: var(--eco-notification-list-avatar-color);
      font-size: ${token('--eco-font-size-small')};
      font-weight: 600;
    }
    .avatar + .avatar {
      margin-inline-start: -0.5rem;
      box-shadow: 0 0 0 2px ${token('--eco-color-surface')};
    }
    .avatar img {
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
    }
    .text {
      display: grid;
      gap: 2px;
      min-inline-size: 0;
    }
    .unread .sentence {
      font-weight: 600;
    }
    .excerpt {
      overflow: hidden;
      text-overflow: ellipsis;
      white-space: nowrap;
    }
    .excerpt,
    .meta {
      color: var(--eco-notification-list-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .marker {
      inline-size: 0.625rem;
      block-size: 0.625rem;
      margin-block-start: 0.5rem;
      border-radius: 50%;
      background: var(--eco-notification-list-marker-color);
    }
    .more {
      justify-self: center;
    }
    .error {
      margin: 0;
      padding: ${token('--eco-space-s')};
      border-radius: ${token('--eco-radius')};
      color: var(--eco-notification-list-error-color);
      background: var(--eco-notification-list-error-background);
    }
    .error p {
      margin: 0 0 ${token('--eco-space-xs')};
    }
    .dialog {
      inline-size: min(40rem, calc(100vw - 2rem));
      max-block-size: calc(100vh - 2rem);
      padding: ${token('--eco-space-m')};
      border: 1px solid var(--eco-notification-list-border-color);
      border-radius: ${token('--eco-radius')};
      background: ${token('--eco-color-surface')};
      color: ${token('--eco-color-text')};
    }
    .dialog-header {
      display: flex;
      align-items: center;
      justify-content: space-between;
      gap: ${token('--eco-space-s')};
      margin-block-end: ${token('--eco-space-s')};
    }
    .dialog-title {
      margin: 0;
      font-size: ${token('--eco-font-size')};
    }
  `,
];
