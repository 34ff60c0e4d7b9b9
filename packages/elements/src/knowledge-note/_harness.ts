import type { EcoKnowledgeNote } from './knowledge-note.component.js';
import { textOf } from '../_test-fixtures.js';

/** Text of a node without its visually hidden parts (what a sighted reader sees). */
function visibleText(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n instanceof Element && n.classList.contains('visually-hidden')) return;
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    n.childNodes.forEach(walk);
  };
  walk(node);
  return parts.join('').replace(/\s+/g, ' ').trim();
}

/** Reads and drives an `<eco-knowledge-note>` through what a person perceives. */
export class NoteHarness {
  constructor(readonly el: EcoKnowledgeNote) {}
  q<E extends Element = HTMLElement>(selector: string): E | null {
    return this.el.shadowRoot?.querySelector<E>(selector) ?? null;
  }
  all<E extends Element = HTMLElement>(selector: string): E[] {
    return [...(this.el.shadowRoot?.querySelectorAll<E>(selector) ?? [])];
  }
  text(selector: string): string {
    const n = this.q(selector);
    return n ? textOf(n) : '';
  }
  get title(): string {
    return this.text('[part="title"]');
  }
  get maturity(): string {
    return this.text('[part~="maturity"]');
  }
  get review(): string {
    return this.text('[part~="review"]');
  }
  get meta(): string {
    return this.text('[part="meta"]');
  }
  get tags(): string[] {
    return this.all('[part="tag"]').map((n) => textOf(n));
  }
  get body(): HTMLElement | null {
    return this.q('[part="body"]');
  }
  get status(): string {
    return this.all('[part~="status"]').map((n) => textOf(n)).join(' | ');
  }
  get messages(): string {
    return this.all('[part~="message"]').map((n) => textOf(n)).join(' | ');
  }
  /** A button by its visible text. */
  button(label: string): HTMLButtonElement | undefined {
    return this.all<HTMLButtonElement>('button').find((b) => textOf(b) === label);
  }
  /** A form control by its label's text. */
  field<E extends HTMLElement = HTMLInputElement>(label: string): E | undefined {
    const l = this.all<HTMLLabelElement>('label').find((n) => textOf(n) === label);
    return l ? (this.q<E>(`#${l.htmlFor}`) ?? undefined) : undefined;
  }
  fieldError(label: string): string {
    const control = this.field(label);
    const ids = control?.getAttribute('aria-describedby')?.split(' ') ?? [];
    return ids.map((id) => this.q(`#${id}`)).filter((n) => n?.classList.contains('field-error')).map((n) => textOf(n!)).join(' ');
  }
  get conflict(): HTMLElement | null {
    return this.q('[part~="conflict"]');
  }
  /** The conflict's two versions: [heading, text] each. */
  get versions(): { heading: string; text: string }[] {
    return this.all('[part="version"]').map((s) => ({ heading: textOf(s.querySelector('h3')!), text: textOf(s) }));
  }
  /** Words marked as added and removed in the history diff (without the hidden labels). */
  diffMarks(which: 'title' | 'body'): { ins: string[]; del: string[] } {
    const p = this.q(`.${which}-diff`);
    const marks = (tag: string) => [...(p?.querySelectorAll(tag) ?? [])].map((n) => visibleText(n));
    return { ins: marks('ins'), del: marks('del') };
  }
  get revisions(): string[] {
    return this.all('.revisions li').map((n) => textOf(n));
  }
}
