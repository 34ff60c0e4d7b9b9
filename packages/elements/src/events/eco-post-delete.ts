/** Detail of `eco-post-delete`: the person deleted a post (the server agreed; it has left every feed). */
export interface EcoPostDeleteDetail {
  postId: string;
}
export type EcoPostDeleteEvent = CustomEvent<EcoPostDeleteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-post-delete': EcoPostDeleteEvent;
  }
}
