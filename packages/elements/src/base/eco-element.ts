import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume } from '@lit/context';
import type { EcotoneClient } from '@ecotone/core';
import { clientContext } from './context.js';
import { LocalizeController } from '../controllers/localize-controller.js';
import { errorSentence } from './error-message.js';
import type { EcoEventDetails } from '../events/events.js';
import { currentSlice, nextSliceStart, RENDER_SLICE_MS, sliceRoom } from './tasks.js';

/** Element classes that have rendered on this page (see scheduleUpdate). */
const renderedClasses = new WeakSet<object>();

/**
 * A class's first render costs several times a later one (Lit prepares its
 * templates, V8 compiles its code on first use): it starts only in a slice
 * that has used at most this many milliseconds, so that it does not follow
 * other renders into one long task.
 */
export const FIRST_OF_CLASS_START_MS = 3;

/** Whether an element of the class defined as `tag` has rendered on this page (an undefined tag has not). */
export function hasRendered(tag: string): boolean {
  const defined = customElements.get(tag);
  return !!defined && renderedClasses.has(defined);
}

/**
 * Base class of every Ecotone element, and of custom widgets built on the
 * same client: client resolution (explicit `client` property, else the
 * nearest `<eco-provider>` through @lit/context), localisation, typed events.
 */
export class EcoElement extends LitElement {
  /** The client to use; wins over the one provided by an enclosing `<eco-provider>`. */
  @property({ attribute: false }) client?: EcotoneClient;

  /** The client offered by the nearest `<eco-provider>`, kept current. */
  @consume({ context: clientContext, subscribe: true })
  @state()
  protected contextClient?: EcotoneClient;

  protected readonly localize = new LocalizeController(this);

  /** The client this element talks through: `client`, else the provider's. */
  protected get resolvedClient(): EcotoneClient | undefined {
    return this.client ?? this.contextClient;
  }

  /** The locale this element renders in (en, fr or de). */
  protected get locale(): string {
    return this.localize.locale;
  }

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    this.localize.setClient(this.resolvedClient);
  }

  /** The slice this element first rendered in (see scheduleUpdate). */
  private firstSlice: number | undefined;

  /**
   * Updates render for RENDER_SLICE_MS in a task, then wait for a later one,
   * so that no burst of them (a page's elements upgrading together as the SDK
   * loads, posts showing their polls once the poll module arrives) is one long
   * task. An element that another one's render has just created renders with
   * it (a post shows with its reaction buttons), an element whose class has
   * not rendered yet waits for a slice that has barely started (see
   * FIRST_OF_CLASS_START_MS), and an element's updates in
   * the slice of its first render finish that render (a post whose poll
   * module is already loaded shows its poll at once): nothing is painted half
   * done, to move when the rest comes.
   */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const slice = currentSlice();
    const room = sliceRoom();
    const ownClass = this.constructor;
    if (this.firstSlice === slice || (room > 0 && (renderedClasses.has(ownClass) || room >= RENDER_SLICE_MS - FIRST_OF_CLASS_START_MS)) || (!this.hasUpdated && this.getRootNode() instanceof ShadowRoot)) {
      renderedClasses.add(ownClass);
      this.firstSlice ??= slice;
      return super.scheduleUpdate();
    }
    return nextSliceStart().then(() => this.scheduleUpdate());
  }

  /**
   * `role` of the element's named `<section>`: none (a region) when the page
   * placed the element, `group` when another Ecotone element rendered it (a
   * post's poll, survey or comments). The page's landmarks are the page's
   * parts, not every post's, and a poll shown alone and again in its post are
   * not two regions of one name.
   */
  protected get sectionRole(): 'group' | undefined {
    const root = this.getRootNode();
    return root instanceof ShadowRoot && root.host instanceof EcoElement ? 'group' : undefined;
  }

  /** Translated, person-readable explanation of an error. */
  protected errorText(err: unknown): string {
    return errorSentence(this.resolvedClient, err, this.locale);
  }

  /**
   * Dispatches a typed `eco-*` event that bubbles and crosses shadow roots;
   * `cancelable` for those a page may prevent (its `defaultPrevented` then
   * tells the element to do nothing more).
   */
  emit<K extends keyof EcoEventDetails>(name: K, detail: EcoEventDetails[K], options: { cancelable?: boolean } = {}): CustomEvent<EcoEventDetails[K]> {
    const event = new CustomEvent(name, { bubbles: true, composed: true, cancelable: options.cancelable ?? false, detail });
    this.dispatchEvent(event);
    return event;
  }
}
