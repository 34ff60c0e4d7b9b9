/** Detail of `eco-vote`: the server accepted the caller's ballot (or its withdrawal). */
export interface EcoVoteDetail {
  pollId: string;
  /** Ids of the options chosen; empty when the ballot was withdrawn. */
  choices: string[];
}
export type EcoVoteEvent = CustomEvent<EcoVoteDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-vote': EcoVoteEvent;
  }
}
