import type { KnowledgeNote } from '@ecotone/protocol';

/** Detail of `eco-note-save`: the server accepted an edit of a note. */
export interface EcoNoteSaveDetail {
  /** The note as the server stored it (its new revision). */
  note: KnowledgeNote;
}
export type EcoNoteSaveEvent = CustomEvent<EcoNoteSaveDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-note-save': EcoNoteSaveEvent;
  }
}
