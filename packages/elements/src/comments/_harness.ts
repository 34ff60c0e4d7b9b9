import type { EcoComments } from './comments.component.js';
import { shadow, textOf } from '../_test-fixtures.js';

/** Reads and drives an `<eco-comments>` through what a person perceives. */
export class CommentsHarness {
  constructor(readonly el: EcoComments) {}
  private get root(): ShadowRoot {
    return this.el.shadowRoot!;
  }
  /** Every comment article, replies included, in document order. */
  get comments(): HTMLElement[] {
    return [...this.root.querySelectorAll<HTMLElement>('[part="comment"]')];
  }
  /** Bodies (or placeholders) of the comments, in order. */
  get bodies(): string[] {
    return this.comments.map((c) => textOf(c.querySelector('[part="body"], [part="deleted"]') ?? c));
  }
  comment(text: string): HTMLElement {
    const found = this.comments.find((c) => textOf(c).includes(text));
    if (!found) throw new Error(`No comment with "${text}"`);
    return found;
  }
  /** The replies shown under the top-level comment containing `text`. */
  repliesOf(text: string): string[] {
    const li = this.comment(text).parentElement!;
    return [...li.querySelectorAll<HTMLElement>('[part="replies"] [part="body"]')].map((b) => textOf(b));
  }
  button(comment: HTMLElement, label: string): HTMLButtonElement {
    const li = comment.parentElement!;
    const found = [...li.querySelectorAll<HTMLButtonElement>('button')].find((b) => textOf(b) === label);
    if (!found) throw new Error(`No button "${label}"`);
    return found;
  }
  get newBox(): HTMLTextAreaElement {
    return shadow<HTMLTextAreaElement>(this.el, '#c-new');
  }
  textarea(label: string): HTMLTextAreaElement {
    const l = [...this.root.querySelectorAll('label')].find((x) => textOf(x) === label);
    if (!l) throw new Error(`No box labelled "${label}"`);
    return this.root.getElementById(l.htmlFor) as HTMLTextAreaElement;
  }
  type(area: HTMLTextAreaElement, text: string): void {
    area.value = text;
    area.dispatchEvent(new Event('input', { bubbles: true }));
  }
  submitOf(area: HTMLTextAreaElement): HTMLButtonElement {
    return area.closest('form')!.querySelector<HTMLButtonElement>('button[type="submit"]')!;
  }
  get status(): string {
    return textOf(this.root.querySelector('.status') ?? this.root);
  }
  get errors(): string[] {
    return [...this.root.querySelectorAll('[part="error"]')].map((e) => textOf(e));
  }
  get loadMore(): HTMLButtonElement | null {
    return this.root.querySelector<HTMLButtonElement>('[part="load-more"]');
  }
}
