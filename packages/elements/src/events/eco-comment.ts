import type { Comment } from '@ecotone/protocol';

/** Detail of `eco-comment`: the caller's comment was added, edited or deleted (the server agreed). */
export interface EcoCommentDetail {
  action: 'create' | 'edit' | 'delete';
  /** The server's comment (for `delete`, the comment as it was). */
  comment: Comment;
}
export type EcoCommentEvent = CustomEvent<EcoCommentDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-comment': EcoCommentEvent;
  }
}
