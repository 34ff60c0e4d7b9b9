/**
 * Opens `<eco-person-dialog>` for an element that shows a name
 * (PersonDialogController): loaded with the dialog and the card on the first
 * name activated, so none of it costs anything to pages that never open one.
 */
import type { EcoElement } from '../base/eco-element.js';
import './person-dialog.js';

/**
 * Puts the dialog in the opener's shadow root (so it takes the opener's
 * theme and provider), where it opens itself as a modal; on close it goes
 * away and the focus returns to `trigger`.
 */
export function openPersonDialog(host: EcoElement, person: { actorId: string; name?: string | undefined; trigger?: HTMLElement | undefined }): void {
  const dialog = document.createElement('eco-person-dialog');
  if (host.client) dialog.client = host.client;
  dialog.actorId = person.actorId;
  dialog.personName = person.name;
  dialog.addEventListener('close', () => {
    dialog.remove();
    person.trigger?.focus();
  });
  host.renderRoot.append(dialog);
}
