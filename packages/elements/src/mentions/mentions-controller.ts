import { noChange, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';
import type { EcotoneClient } from '@ecotone/core';
import type { Actor } from '@ecotone/protocol';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import type { MessageKey } from '../locales/locales.js';
import { mentionQueryAt } from './mention-query.js';

/**
 * Finds people by name for the picker: the host passes
 * `(q, signal) => client.searchPeople(q, { spaceId, signal })`, so that only
 * people who can read the space being written in are offered. The picker
 * aborts `signal` when the query changes or the picker closes.
 */
export type MentionSearch = (query: string, signal: AbortSignal) => Promise<readonly Actor[]>;

/** What the picker needs from the element it works in. */
export interface MentionsOptions {
  /** The people search, or undefined while there is none (no client or space yet): no picker opens. */
  search(): MentionSearch | undefined;
  /** The client, whose i18next gets the picker's strings when they arrive. */
  client(): EcotoneClient | undefined;
  /** The element's locale (its strings load with the picker). */
  locale(): string;
  /** Translates in the element's locale (its LocalizeController's `t`). */
  t(key: MessageKey, values?: Record<string, string | number>): string;
  /** A person-readable explanation of a failed search. */
  errorText(error: unknown): string;
}

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: HTMLElement | DocumentFragment };

/** The picker itself, loaded on the first `@` typed (mention-picker.ts). */
const importPicker = () => import('./mention-picker.js');

/** What the picker module provides; its class is never loaded before the first `@`. */
export interface MentionPickerLike {
  /** The listbox and status of the textarea `key`, while it is being picked in. */
  render(key: string): TemplateResult | typeof nothing;
  /**
   * The text changed in `textarea`: opens, filters or closes. From then on the
   * picker follows that textarea's caret and keys itself.
   */
  update(textarea: HTMLTextAreaElement, key: string): void;
  /** Closes the picker without changing the text. */
  close(): void;
}

/**
 * The `@` people picker of an element's textareas: typing `@` at the start of
 * a word and a letter opens a listbox of people (an ARIA 1.2 combobox on the
 * textarea), filtered as the person types; arrow keys move, Enter or Tab
 * inserts `[@Name](mention:id)` and a space, Escape closes, a click inserts.
 * The picker's code, styles and strings load on the first `@` typed; until
 * then only this controller and the pattern that recognises a mention being
 * typed are on the page.
 *
 * @example
 * private readonly mentions = new MentionsController(this, {
 *   search: () => (q, signal) => client.searchPeople(q, { spaceId, signal }), …
 * });
 * render() {
 *   return html`<textarea id="body" ${this.mentions.attach('body')} …></textarea>${this.mentions.render('body')}`;
 * }
 */
export class MentionsController implements ReactiveController {
  /** The picker, once its module has arrived. */
  picker: MentionPickerLike | undefined;
  private readonly module: LazyModuleController<typeof import('./mention-picker.js')>;
  /** Textareas whose events this controller listens to, and the key of each. */
  private readonly keys = new WeakMap<HTMLTextAreaElement, string>();

  constructor(
    readonly host: Host,
    readonly options: MentionsOptions,
  ) {
    host.addController(this);
    this.module = new LazyModuleController(host, importPicker);
  }

  hostConnected(): void {}

  hostDisconnected(): void {
    this.picker?.close();
  }

  /** An element binding for a `<textarea>`: the picker works in it, `key` naming it (unique in the element). */
  attach(key: string): unknown {
    return attachMentions(this, key);
  }

  /** The picker's listbox and status for the textarea `key` (nothing while it is closed there). */
  render(key: string): TemplateResult | typeof nothing {
    return this.picker?.render(key) ?? nothing;
  }

  /** @internal Listens to a textarea's typing, once (the binding calls it on every render). */
  connect(textarea: HTMLTextAreaElement, key: string): void {
    const known = this.keys.has(textarea);
    this.keys.set(textarea, key);
    if (!known) textarea.addEventListener('input', () => this.typed(textarea, this.keys.get(textarea)!));
  }

  private typed(textarea: HTMLTextAreaElement, key: string): void {
    if (this.picker) {
      this.picker.update(textarea, key);
      return;
    }
    if (!this.options.search() || !mentionQueryAt(textarea.value, textarea.selectionEnd)) return;
    this.module.load().then(
      (module) => {
        this.picker ??= new module.MentionPicker(this);
        this.picker.update(textarea, key);
      },
      // The next `@` tries again (the controller forgets a failed import).
      () => undefined,
    );
  }
}

/** The element binding of {@link MentionsController.attach}. */
class AttachMentionsDirective extends Directive {
  constructor(part: PartInfo) {
    super(part);
    if (part.type !== PartType.ELEMENT) throw new Error('mentions.attach() goes on a <textarea>');
  }
  render(_controller: MentionsController, _key: string): unknown {
    return noChange;
  }
  override update(part: ElementPart, [controller, key]: [MentionsController, string]): unknown {
    controller.connect(part.element as HTMLTextAreaElement, key);
    return noChange;
  }
}
const attachMentions = directive(AttachMentionsDirective);
