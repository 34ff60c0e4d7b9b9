import { textOf } from '../_test-fixtures.js';

/** Reads the `@` people picker of a textarea, as a person perceives it (for any element that has one). */
export class MentionPickerHarness {
  constructor(readonly textarea: HTMLTextAreaElement) {}

  private get root(): ShadowRoot | Document {
    return this.textarea.getRootNode() as ShadowRoot | Document;
  }

  /** The listbox the textarea controls, when it names one. */
  get listbox(): HTMLElement | null {
    const id = this.textarea.getAttribute('aria-controls');
    return id ? this.root.getElementById(id) : null;
  }

  /** Whether the textarea is a combobox showing people (`aria-expanded="true"` and a visible listbox). */
  get expanded(): boolean {
    return this.textarea.getAttribute('role') === 'combobox' && this.textarea.getAttribute('aria-expanded') === 'true' && !this.listbox?.hidden;
  }

  /** The options shown, as their text (name, then title and site). */
  get options(): string[] {
    if (!this.expanded) return [];
    return [...this.listbox!.querySelectorAll('[role="option"]')].map((o) => textOf(o));
  }

  /** The text of the option the textarea points to with `aria-activedescendant`, if any. */
  get active(): string | undefined {
    const id = this.textarea.getAttribute('aria-activedescendant');
    const option = id ? this.root.getElementById(id) : null;
    if (!option) return undefined;
    if (option.getAttribute('aria-selected') !== 'true') throw new Error('The active option is not marked selected');
    return textOf(option);
  }

  /** The option whose text contains `text`. */
  option(text: string): HTMLElement {
    const found = [...(this.listbox?.querySelectorAll<HTMLElement>('[role="option"]') ?? [])].find((o) => textOf(o).includes(text));
    if (!found) throw new Error(`No option "${text}"`);
    return found;
  }

  /** The picker's status line (searching, nobody found, failed, or how many were found), announced politely. */
  get status(): string {
    const status = this.listbox?.parentElement?.querySelector('[role="status"]');
    return status ? textOf(status) : '';
  }

  /** Whether the status line is shown on screen (not only to screen readers). */
  get statusVisible(): boolean {
    const status = this.listbox?.parentElement?.querySelector('[role="status"]');
    return !!status && !status.classList.contains('visually-hidden');
  }

  /** Whether the picker is closed: the textarea is a plain text box again. */
  get closed(): boolean {
    return !this.textarea.hasAttribute('role') && !this.textarea.hasAttribute('aria-controls');
  }
}
