/** Detail of `eco-load-more`: the feed started fetching an older page. */
export interface EcoLoadMoreDetail {
  spaceId: string;
  /** How it was asked for: scrolling near the end, or the "Load more" button. */
  trigger: 'scroll' | 'button';
}
export type EcoLoadMoreEvent = CustomEvent<EcoLoadMoreDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-load-more': EcoLoadMoreEvent;
  }
}
