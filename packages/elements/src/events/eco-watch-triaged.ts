import type { Post } from '@ecotone/protocol';

/** Detail of `eco-watch-triaged`: a technology-watch item's triage changed; `post` is the post as the server answers it now. */
export interface EcoWatchTriagedDetail {
  post: Post;
}
export type EcoWatchTriagedEvent = CustomEvent<EcoWatchTriagedDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-watch-triaged': EcoWatchTriagedEvent;
  }
}
