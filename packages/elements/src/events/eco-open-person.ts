/**
 * Detail of `eco-open-person`: the person asked to see someone's card (a name,
 * an avatar or a mention chip was activated). Cancelable: a page with its own
 * people directory calls `preventDefault()` and shows its own page; otherwise
 * the element opens `<eco-person>` in a dialog.
 */
export interface EcoOpenPersonDetail {
  actorId: string;
}
export type EcoOpenPersonEvent = CustomEvent<EcoOpenPersonDetail>;

declare global {
  interface GlobalEventHandlersEventMap {
    'eco-open-person': EcoOpenPersonEvent;
  }
}
