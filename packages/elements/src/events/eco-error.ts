import type { EcotoneError } from '@ecotone/core';

/** What the element was doing when it failed. */
export type EcoErrorAction = 'react' | 'publish' | 'load' | 'load-more' | 'vote' | 'withdraw' | 'close-poll' | 'submit-survey' | 'preview' | 'save-note' | 'load-history' | 'search' | 'comment' | 'edit-comment' | 'delete-comment' | 'join' | 'leave' | 'manage' | 'acknowledge' | 'pin' | 'unpin' | 'load-readers' | 'delete-post' | 'mark-read' | 'save-settings' | 'load-questions' | 'ask-question' | 'vote-question' | 'moderate-question' | 'add-recording' | 'report' | 'moderate';

/** Detail of `eco-error`: an action failed; the element already shows a message. */
export interface EcoErrorDetail {
  action: EcoErrorAction;
  /** The error; an EcotoneError for everything that went through the client. */
  error: EcotoneError | Error;
}
export type EcoErrorEvent = CustomEvent<EcoErrorDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-error': EcoErrorEvent;
  }
}
