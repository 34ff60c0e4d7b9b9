/** Detail of `eco-note-select`: a result of `<eco-knowledge-search>` was chosen (click or Enter). */
export interface EcoNoteSelectDetail {
  noteId: string;
}
export type EcoNoteSelectEvent = CustomEvent<EcoNoteSelectDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-note-select': EcoNoteSelectEvent;
  }
}
