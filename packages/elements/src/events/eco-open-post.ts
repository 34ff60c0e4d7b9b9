/**
 * Detail of `eco-open-post`: the person asked to see a post (for example the
 * post a note was promoted from) and the page has no URL pattern for posts.
 */
export interface EcoOpenPostDetail {
  postId: string;
}
export type EcoOpenPostEvent = CustomEvent<EcoOpenPostDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-open-post': EcoOpenPostEvent;
  }
}
