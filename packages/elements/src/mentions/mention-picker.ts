/**
 * The `@` people picker, loaded on the first `@` typed (see
 * mentions-controller.ts): the search as the person types, the listbox, its
 * keyboard and the insertion of the mention.
 */
import { adoptStyles, css, html, nothing, type CSSResultOrNative, type LitElement, type TemplateResult } from 'lit';
import { formatCount } from '@ecotone/core';
import type { Actor } from '@ecotone/protocol';
import { mentionMarkdown } from '@ecotone/protocol/rules';
import { registerElementsStrings } from '../controllers/localize-controller.js';
import { mentionPickerStrings } from '../locales/mention-picker-strings.js';
import { token } from '../styles/tokens.js';
import { mentionQueryAt, type MentionQuery } from './mention-query.js';
import type { MentionPickerLike, MentionsController } from './mentions-controller.js';

/** The search runs once typing pauses this long (ms); a newer query aborts the request of an older one. */
export const MENTION_SEARCH_DELAY_MS = 150;

/** Attributes the picker sets on its textarea while it is open, and removes when it closes. */
const COMBOBOX_ATTRIBUTES = ['role', 'aria-autocomplete', 'aria-expanded', 'aria-controls', 'aria-activedescendant'] as const;

const styles = css`
  .mention-picker {
    position: relative;
  }
  .mention-picker [role='listbox'] {
    position: absolute;
    z-index: 2;
    inset-inline: 0;
    max-inline-size: 24rem;
    max-block-size: 16rem;
    overflow: auto;
    margin: 0;
    padding: ${token('--eco-space-xs')};
    list-style: none;
    border: 1px solid ${token('--eco-color-border')};
    border-radius: ${token('--eco-radius')};
    background: ${token('--eco-color-surface')};
    color: ${token('--eco-color-text')};
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }
  .mention-picker [role='option'] {
    display: flex;
    flex-direction: column;
    padding: ${token('--eco-space-xs')} ${token('--eco-space-s')};
    border-radius: ${token('--eco-radius')};
    cursor: pointer;
  }
  .mention-picker [role='option']:hover,
  .mention-picker [aria-selected='true'] {
    background: ${token('--eco-color-accent-soft')};
  }
  .mention-picker [aria-selected='true'] {
    outline: ${token('--eco-focus-ring-width')} solid ${token('--eco-focus-ring-color')};
  }
  .mention-name {
    font-weight: 600;
  }
  .mention-detail,
  .mention-status {
    color: ${token('--eco-color-text-muted')};
    font-size: ${token('--eco-font-size-small')};
  }
  .mention-status {
    margin: ${token('--eco-space-xs')} 0;
  }
  .mention-status.visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
`;

/** Render roots that have the picker's styles (each element adds them once, when the picker first opens in it). */
const styled = new WeakSet<ShadowRoot>();

/** Textareas the picker listens to beyond their typing (caret moves, keys, leaving). */
const followed = new WeakSet<HTMLTextAreaElement>();

/** A mousedown on an option must not take the focus from the textarea (the click then inserts). */
const keepFocus = (event: Event) => event.preventDefault();

/**
 * One element's picker: it follows the textarea being typed in, searches the
 * query after the `@`, and shows the people found under it.
 */
export class MentionPicker implements MentionPickerLike {
  /** The textarea being picked in, its key, and the mention being typed there. */
  private textarea: HTMLTextAreaElement | undefined;
  private key = '';
  private typing: MentionQuery | undefined;
  /** The `@` closed with Escape (textarea and position): it stays closed while the caret is in its query. */
  private dismissed: { textarea: HTMLTextAreaElement; start: number } | undefined;
  private status: 'searching' | 'found' | 'failed' = 'searching';
  private people: readonly Actor[] = [];
  private active = -1;
  private error: unknown;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private request: AbortController | undefined;

  constructor(private readonly controller: MentionsController) {
    const client = controller.options.client();
    if (client) {
      registerElementsStrings(client, mentionPickerStrings);
      void client.loadLocale(controller.options.locale()).catch(() => undefined);
    }
  }

  private get listId(): string {
    return `mentions-${this.key}`;
  }

  update(textarea: HTMLTextAreaElement, key: string): void {
    const root = textarea.getRootNode() as ShadowRoot | Document;
    const caret = textarea.selectionStart === textarea.selectionEnd ? textarea.selectionEnd : -1;
    const typing = root.activeElement === textarea && caret >= 0 ? mentionQueryAt(textarea.value, caret) : undefined;
    const dismissed = this.dismissed;
    if (typing && dismissed?.textarea === textarea && dismissed.start === typing.start) return;
    this.dismissed = undefined;
    if (!typing) {
      this.close();
      return;
    }
    if (textarea !== this.textarea) {
      this.close();
      this.textarea = textarea;
      this.key = key;
      this.addStyles(root);
      this.follow(textarea, key);
    }
    const before = this.typing;
    this.typing = typing;
    if (before?.start !== typing.start || before.query.trim() !== typing.query.trim()) this.search(typing.query.trim());
    this.sync();
  }

  /** Listens to the caret, the keys and the focus of a textarea the picker opened in, once. */
  private follow(textarea: HTMLTextAreaElement, key: string): void {
    if (followed.has(textarea)) return;
    followed.add(textarea);
    const moved = () => this.update(textarea, key);
    textarea.addEventListener('keyup', moved);
    textarea.addEventListener('mouseup', moved);
    // Captured: the picker's Enter and Escape must not publish a post or cancel an edit.
    textarea.addEventListener('keydown', (event) => this.keydown(event, textarea), true);
    textarea.addEventListener('blur', () => this.close());
  }

  private keydown(event: KeyboardEvent, textarea: HTMLTextAreaElement): void {
    if (!this.typing || textarea !== this.textarea || event.isComposing || event.altKey || event.ctrlKey || event.metaKey) return;
    const count = this.people.length;
    switch (event.key) {
      case 'ArrowDown':
      case 'ArrowUp':
        if (count === 0) return;
        this.active = event.key === 'ArrowDown' ? (this.active + 1) % count : this.active <= 0 ? count - 1 : this.active - 1;
        this.sync();
        break;
      case 'Enter':
      case 'Tab': {
        const person = this.people[this.active];
        if (!person || event.shiftKey) return;
        this.insert(person);
        break;
      }
      case 'Escape':
        this.dismissed = { textarea, start: this.typing.start };
        this.close();
        break;
      default:
        return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
  }

  close(): void {
    clearTimeout(this.timer);
    this.request?.abort();
    this.request = undefined;
    for (const name of COMBOBOX_ATTRIBUTES) this.textarea?.removeAttribute(name);
    const wasOpen = this.typing !== undefined;
    this.textarea = undefined;
    this.typing = undefined;
    this.people = [];
    this.active = -1;
    if (wasOpen) this.controller.host.requestUpdate();
  }

  render(key: string): TemplateResult | typeof nothing {
    const typing = this.typing;
    if (!typing || key !== this.key) return nothing;
    const { t, errorText, locale } = this.controller.options;
    const people = this.people;
    const listId = this.listId;
    const message =
      this.status === 'failed'
        ? t('mentionError', { reason: errorText(this.error) })
        : people.length > 0
          ? ''
          : this.status === 'searching'
            ? t('mentionSearching')
            : t('mentionNoneFound', { query: typing.query.trim() });
    const count = people.length;
    const found = count > 0 && this.status !== 'failed' ? t('mentionFound', { count, formatted: formatCount(count, locale()) }) : '';
    return html`<div class="mention-picker">
      <ul
        part="mention-list"
        role="listbox"
        id=${listId}
        aria-label=${t('mentionListLabel')}
        aria-busy=${this.status === 'searching' ? 'true' : 'false'}
        ?hidden=${count === 0}
      >
        ${people.map((person, i) => {
          const detail = [person.title, person.site].filter(Boolean).join(' · ');
          return html`<li
            part="mention-option"
            role="option"
            id="${listId}-${i}"
            aria-selected=${i === this.active ? 'true' : 'false'}
            @mousedown=${keepFocus}
            @click=${() => this.insert(person)}
          >
            <span class="mention-name" dir="auto">${person.displayName}</span>
            ${detail ? html`<span class="mention-detail" dir="auto">${detail}</span>` : nothing}
          </li>`;
        })}
      </ul>
      <p class=${message ? 'mention-status' : 'mention-status visually-hidden'} role="status">${message || found}</p>
    </div>`;
  }

  /** Searches `query` once typing pauses, aborting the search of the query before. */
  private search(query: string): void {
    clearTimeout(this.timer);
    this.request?.abort();
    const request = new AbortController();
    this.request = request;
    this.status = 'searching';
    this.timer = setTimeout(() => {
      const search = this.controller.options.search();
      if (!search) {
        this.close();
        return;
      }
      search(query, request.signal).then(
        (people) => {
          if (this.request !== request) return;
          // Several words that name nobody: the person is writing on, not looking for someone.
          if (people.length === 0 && query.includes(' ') && this.textarea && this.typing) {
            this.dismissed = { textarea: this.textarea, start: this.typing.start };
            this.close();
            return;
          }
          this.status = 'found';
          this.people = people;
          this.active = -1;
          this.sync();
        },
        (error: unknown) => {
          if (this.request !== request) return;
          this.status = 'failed';
          this.error = error;
          this.people = [];
          this.active = -1;
          this.sync();
        },
      );
    }, MENTION_SEARCH_DELAY_MS);
  }

  /** Replaces the `@query` with the mention and a space, caret after it, and tells the element (`input`). */
  private insert(person: Actor): void {
    const textarea = this.textarea;
    const typing = textarea && mentionQueryAt(textarea.value, textarea.selectionEnd);
    this.close();
    if (!textarea || !typing) return;
    const text = `${mentionMarkdown(person)} `;
    textarea.setRangeText(text, typing.start, typing.end, 'end');
    textarea.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true, inputType: 'insertReplacementText', data: text }));
  }

  /** The textarea's combobox attributes as the picker is now, and a new render. */
  private sync(): void {
    const textarea = this.textarea;
    if (!textarea) return;
    const expanded = this.people.length > 0;
    textarea.setAttribute('role', 'combobox');
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.setAttribute('aria-expanded', expanded ? 'true' : 'false');
    textarea.setAttribute('aria-controls', this.listId);
    if (expanded && this.active >= 0) textarea.setAttribute('aria-activedescendant', `${this.listId}-${this.active}`);
    else textarea.removeAttribute('aria-activedescendant');
    const host = this.controller.host;
    host.requestUpdate();
    // The active option stays in view in a list longer than its box.
    if (this.active >= 0) {
      const id = `${this.listId}-${this.active}`;
      void host.updateComplete.then(() => (textarea.getRootNode() as ShadowRoot | Document).getElementById(id)?.scrollIntoView({ block: 'nearest' }));
    }
  }

  /** Adds the picker's styles to the element's own, once (they arrive with the picker). */
  private addStyles(root: ShadowRoot | Document): void {
    if (!(root instanceof ShadowRoot) || styled.has(root)) return;
    styled.add(root);
    const own = (this.controller.host.constructor as typeof LitElement).elementStyles as CSSResultOrNative[];
    adoptStyles(root, [...own, styles]);
  }
}
