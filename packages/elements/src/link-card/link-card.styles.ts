import { css } from 'lit';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';

// The title link stretches over the whole card (.link::after), so the card is
// one link whose name is the title; the Play button and the video sit above it.
export default [
  baseStyles,
  buttonStyles,
  css`
    :host {
      display: block;
      --eco-link-card-background: ${token('--eco-color-surface')};
      --eco-link-card-border-color: ${token('--eco-color-border')};
      --eco-link-card-radius: ${token('--eco-radius')};
      --eco-link-card-muted-color: ${token('--eco-color-text-muted')};
      --eco-link-card-link-color: ${token('--eco-color-accent')};
      --eco-link-card-media-background: ${token('--eco-color-surface-raised')};
      --eco-link-card-play-background: ${token('--eco-color-accent')};
      --eco-link-card-play-color: ${token('--eco-color-accent-text')};
    }
    a {
      color: var(--eco-link-card-link-color);
      overflow-wrap: anywhere;
    }
    .reason {
      color: var(--eco-link-card-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .skeleton {
      display: block;
      padding: ${token('--eco-space-s')};
      border: 1px solid var(--eco-link-card-border-color);
      border-radius: var(--eco-link-card-radius);
    }
    .bar {
      display: block;
      block-size: 0.75rem;
      inline-size: 60%;
      margin-block-start: ${token('--eco-space-xs')};
      border-radius: ${token('--eco-radius-pill')};
      background: var(--eco-link-card-media-background);
    }
    .card {
      position: relative;
      display: flex;
      flex-direction: column;
      overflow: hidden;
      border: 1px solid var(--eco-link-card-border-color);
      border-radius: var(--eco-link-card-radius);
      background: var(--eco-link-card-background);
    }
    .link {
      text-decoration: none;
    }
    .link::after {
      content: '';
      position: absolute;
      inset: 0;
    }
    .link:focus-visible {
      outline: none;
    }
    .link:focus-visible::after {
      outline: ${token('--eco-focus-ring-width')} solid ${token('--eco-focus-ring-color')};
      outline-offset: calc(-1 * ${token('--eco-focus-ring-width')});
      border-radius: var(--eco-link-card-radius);
    }
    .text {
      display: flex;
      flex-direction: column;
      gap: ${token('--eco-space-xs')};
      padding: ${token('--eco-space-s')} ${token('--eco-space-m')};
    }
    .title {
      font-weight: 600;
    }
    .site,
    .description {
      margin: 0;
      color: var(--eco-link-card-muted-color);
      font-size: ${token('--eco-font-size-small')};
    }
    .description {
      display: -webkit-box;
      -webkit-box-orient: vertical;
      -webkit-line-clamp: 3;
      overflow: hidden;
    }
    .media {
      position: relative;
      display: grid;
      place-items: center;
      aspect-ratio: 1.91 / 1;
      background: var(--eco-link-card-media-background);
    }
    .media.video {
      aspect-ratio: 16 / 9;
    }
    .image,
    iframe {
      grid-area: 1 / 1;
      inline-size: 100%;
      block-size: 100%;
      object-fit: cover;
      border: 0;
    }
    .play,
    iframe {
      position: relative;
      z-index: 1;
    }
    .play {
      grid-area: 1 / 1;
      display: grid;
      place-items: center;
      inline-size: 3.5rem;
      block-size: 3.5rem;
      padding: 0;
      border: 0;
      border-radius: 50%;
      background: var(--eco-link-card-play-background);
      color: var(--eco-link-card-play-color);
      cursor: pointer;
    }
    .play svg {
      inline-size: 1.75rem;
      block-size: 1.75rem;
      fill: currentColor;
    }
  `,
];
