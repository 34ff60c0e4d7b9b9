import type { EcoElement } from '../base/eco-element.js';

/** The person dialog and the card, loaded on the first name or avatar activated on the page. */
const importPersonDialog = () => import('../person/person-dialog-view.js');

/**
 * "Open this person" for any element that shows names, avatars or mention
 * chips: `open(actorId)` emits `eco-open-person` (bubbles, composed,
 * cancelable) from the host; unless the page called `preventDefault()` (it
 * shows its own profile page), it loads `<eco-person-dialog>` on first use
 * and shows `<eco-person>` in a modal dialog inside the host's shadow root
 * (so it takes the host's theme): the focus moves into it, Escape closes it,
 * and the focus goes back to `trigger`, the name that opened it.
 *
 * Nothing of the dialog or the card is in the host's bundle: this is the
 * event and one dynamic import.
 *
 * @example
 * private readonly personDialog = new PersonDialogController(this);
 * render() {
 *   return html`<button @click=${(e: Event) => this.personDialog.open(author.id, { name: author.displayName, trigger: e.currentTarget as HTMLElement })}>
 *     ${author.displayName}</button>`;
 * }
 */
export class PersonDialogController {
  constructor(private readonly host: EcoElement) {}

  /**
   * Asks to open a person: emits `eco-open-person`, then, unless the page
   * prevented it, opens the dialog (an import that fails is reported with
   * `eco-error`, `action: 'load'`). Returns whether the dialog opens.
   */
  open(actorId: string, options: { name?: string; trigger?: HTMLElement } = {}): boolean {
    const host = this.host;
    if (host.emit('eco-open-person', { actorId }, { cancelable: true }).defaultPrevented) return false;
    importPersonDialog().then(
      (m) => m.openPersonDialog(host, { actorId, ...options }),
      (error: unknown) => host.emit('eco-error', { action: 'load', error: error instanceof Error ? error : new Error(String(error)) }),
    );
    return true;
  }
}
