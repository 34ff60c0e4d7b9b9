/** Reads `<eco-person>` and the person dialog through what a person perceives, hiding their shadow DOM. */
import type { EcoPerson } from './person.component.js';
import type { EcoPersonDialog } from './person-dialog.component.js';
import { textOf } from '../_test-fixtures.js';

export class PersonHarness {
  constructor(readonly el: EcoPerson) {}

  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }

  part(name: string): HTMLElement | null {
    return this.root.querySelector(`[part~="${name}"]`);
  }

  text(name: string): string {
    const found = this.part(name);
    return found ? textOf(found) : '';
  }

  /** The card's heading: the person's name, once loaded. */
  get name(): string {
    return this.text('name');
  }

  get busy(): boolean {
    return this.root.querySelector('[aria-busy="true"]') !== null;
  }

  get spaces(): string[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part~="space"]')].map((li) => textOf(li));
  }

  get posts(): HTMLButtonElement[] {
    return [...this.root.querySelectorAll<HTMLButtonElement>('button[part~="post"]')];
  }

  get retry(): HTMLButtonElement | null {
    return this.root.querySelector('[part~="error"] button');
  }

  /** Everything the card says, in order. */
  get all(): string {
    return textOf(this.root);
  }
}

/** The dialog an opener rendered (in its own shadow root), and what is inside. */
export class PersonDialogHarness {
  constructor(readonly el: EcoPersonDialog) {}

  get dialog(): HTMLDialogElement {
    return this.el.shadowRoot!.querySelector('dialog')!;
  }

  get closeButton(): HTMLButtonElement {
    return this.el.shadowRoot!.querySelector('button[part~="close"]')!;
  }

  get card(): PersonHarness {
    return new PersonHarness(this.el.shadowRoot!.querySelector('eco-person')!);
  }

  /** Whether the focus is inside the dialog (its shadow tree). */
  get hasFocus(): boolean {
    return this.el.shadowRoot!.activeElement !== null && this.dialog.contains(this.el.shadowRoot!.activeElement);
  }
}

/** The person dialog an element rendered in its shadow root, if any. */
export function dialogOf(host: Element): PersonDialogHarness | null {
  const el = host.shadowRoot?.querySelector('eco-person-dialog');
  return el ? new PersonDialogHarness(el) : null;
}
