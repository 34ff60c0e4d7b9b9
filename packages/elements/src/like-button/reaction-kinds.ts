import type { MessageKey } from '../locales/locales.js';

/** Icon (decorative emoji, no external asset) and label key of each known reaction kind. */
export const REACTION_KINDS: Readonly<Record<string, { icon: string; label: MessageKey }>> = {
  like: { icon: '👍', label: 'kindLike' },
  celebrate: { icon: '🎉', label: 'kindCelebrate' },
  insightful: { icon: '💡', label: 'kindInsightful' },
  support: { icon: '🤝', label: 'kindSupport' },
};

/** Icon of a kind the elements do not know (configured on the server only). */
export const UNKNOWN_KIND_ICON = '⭐';
