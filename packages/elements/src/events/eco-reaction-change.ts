/** Detail of `eco-reaction-change`: the caller's reaction was added or removed (after the server accepted it). */
export interface EcoReactionChangeDetail {
  objectId: string;
  kind: string;
  /** true when the reaction is now on. */
  active: boolean;
}
export type EcoReactionChangeEvent = CustomEvent<EcoReactionChangeDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-reaction-change': EcoReactionChangeEvent;
  }
}
