/** The picture of a person, or their initials: in posts, person cards and anywhere a person is shown. */
import { html, type TemplateResult } from 'lit';
import { avatarSrc, type Actor } from '@ecotone/protocol';

/** Up to two initials of a display name, for the avatar placeholder. */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : words;
  return letters.map((w) => Array.from(w ?? '')[0]?.toUpperCase() ?? '').join('');
}

/**
 * The person's picture, or their initials. Second line of defence behind the
 * server's avatar policy: only a same-origin path or an https URL is loaded,
 * and without a Referer (the page a reader is on is nobody else's business).
 */
export function avatar(actor: Pick<Actor, 'displayName' | 'avatarUrl'>): TemplateResult | string {
  const src = actor.avatarUrl && avatarSrc(actor.avatarUrl);
  return src ? html`<img src=${src} alt="" referrerpolicy="no-referrer" />` : initials(actor.displayName);
}
