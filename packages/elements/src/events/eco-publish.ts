import type { Post } from '@ecotone/protocol';

/** Detail of `eco-publish`: a post was published (the server's version). */
export interface EcoPublishDetail {
  post: Post;
}
export type EcoPublishEvent = CustomEvent<EcoPublishDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-publish': EcoPublishEvent;
  }
}
