import { html, nothing, type ReactiveController, type TemplateResult } from 'lit';
import type { EcotoneClient } from '@ecotone/core';
import type { EcoElement } from '../base/eco-element.js';
import { LazyModuleController } from './lazy-module-controller.js';

/** The person dialog and the card, loaded on the first name or avatar activated on the page. */
const importPersonDialog = () => import('../person/person-dialog.js');

/** Who is being shown, and what to give the focus back to. */
interface Opened {
  actorId: string;
  name: string | undefined;
  trigger: HTMLElement | undefined;
}

/**
 * "Open this person" for any element that shows names, avatars or mention
 * chips: `open(actorId)` emits `eco-open-person` (bubbles, composed,
 * cancelable) from the host; unless the page called `preventDefault()` (it
 * shows its own profile page), it loads `<eco-person-dialog>` on first use
 * and shows `<eco-person>` in a modal dialog: the focus moves into it,
 * Escape closes it, and the focus goes back to the name that opened it.
 *
 * The host renders `render()` somewhere in its template (nothing until a
 * person is opened), so the dialog inherits the host's theme.
 *
 * @example
 * private readonly personDialog = new PersonDialogController(this);
 * render() {
 *   return html`<button @click=${(e: Event) => this.personDialog.open(author.id, { name: author.displayName, trigger: e.currentTarget as HTMLElement })}>
 *     ${author.displayName}</button>${this.personDialog.render(this.resolvedClient)}`;
 * }
 */
export class PersonDialogController implements ReactiveController {
  private opened: Opened | undefined;
  private shown = false;
  private readonly module: LazyModuleController<unknown>;

  constructor(private readonly host: EcoElement) {
    host.addController(this);
    this.module = new LazyModuleController(host, importPersonDialog, (error) => host.emit('eco-error', { action: 'load', error }));
  }

  /** Whether a person is shown (or about to be). */
  get isOpen(): boolean {
    return this.opened !== undefined;
  }

  /**
   * Asks to open a person: emits `eco-open-person`, then, unless the page
   * prevented it, opens the dialog. Returns whether the dialog opens.
   */
  open(actorId: string, options: { name?: string; trigger?: HTMLElement } = {}): boolean {
    const event = this.host.emit('eco-open-person', { actorId }, { cancelable: true });
    if (event.defaultPrevented) return false;
    this.opened = { actorId, name: options.name, trigger: options.trigger };
    this.shown = false;
    void this.module.load().catch(() => {
      // Reported through eco-error by the lazy module controller; a later activation tries again.
      this.opened = undefined;
    });
    this.host.requestUpdate();
    return true;
  }

  /** The dialog while a person is open (and its module has arrived), else nothing. */
  render(client: EcotoneClient | undefined): TemplateResult | typeof nothing {
    const opened = this.opened;
    if (!opened || !this.module.ready) return nothing;
    return html`<eco-person-dialog
      .client=${client}
      actor-id=${opened.actorId}
      person-name=${opened.name ?? nothing}
      @close=${this.handleClose}
    ></eco-person-dialog>`;
  }

  hostUpdated(): void {
    if (!this.opened || this.shown || !this.module.ready) return;
    const dialog = this.host.renderRoot.querySelector('eco-person-dialog');
    if (!dialog) return;
    this.shown = true;
    void (dialog as HTMLElement & { show(): Promise<void> }).show();
  }

  private readonly handleClose = (event: Event): void => {
    // Only the dialog's own close (not one bubbling from inside it).
    if (event.target !== event.currentTarget) return;
    const trigger = this.opened?.trigger;
    this.opened = undefined;
    this.shown = false;
    this.host.requestUpdate();
    trigger?.focus();
  };
}
