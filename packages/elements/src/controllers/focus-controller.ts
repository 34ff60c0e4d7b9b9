import type { ReactiveController, ReactiveControllerHost } from 'lit';

/**
 * Updates waited for at most before focusing anyway: a host whose every update
 * asks for another one (a list measuring itself) must not hold the focus back forever.
 */
const SETTLE_UPDATES_MAX = 10;

type Host = ReactiveControllerHost & HTMLElement & { readonly renderRoot: ParentNode; readonly isUpdatePending: boolean };

/**
 * What to focus: a selector in the host's render root, selectors of which the
 * first that matches wins (the element that had focus may be gone), or a
 * function that finds the element.
 */
export type FocusTarget = string | readonly string[] | (() => HTMLElement | null | undefined);

/**
 * Moves focus once the host has rendered: a control that the current update
 * creates (an edit form's first field, a confirmation button, the first
 * invalid field) does not exist yet when the handler that asks for it runs.
 * The latest request wins: asking again before the render replaces the
 * target, and a host that left the page focuses nothing.
 *
 * @example
 * private readonly focusing = new FocusController(this);
 * handleEdit() { this.editing = true; this.focusing.focusAfterRender('#title'); }
 */
export class FocusController implements ReactiveController {
  private target: FocusTarget | undefined;
  private options: FocusOptions | undefined;
  private updatesWaited = 0;

  constructor(private readonly host: Host) {
    host.addController(this);
  }

  /** Focuses `target` after the host's pending update (one is requested) has rendered. */
  focusAfterRender(target: FocusTarget, options?: FocusOptions): void {
    this.target = target;
    this.options = options;
    this.updatesWaited = 0;
    this.host.requestUpdate();
  }

  hostConnected(): void {}

  /**
   * Focuses once the host's `updated()` has run too, in a microtask that runs
   * before anyone awaiting `updateComplete` resumes. When the target is not
   * there yet and that `updated()` asked for another update (state set after
   * a render, a part arriving), the next update tries again.
   */
  hostUpdated(): void {
    if (this.target === undefined) return;
    queueMicrotask(() => {
      const target = this.target;
      if (target === undefined || !this.host.isConnected) return;
      const element = this.find(target);
      if (!element && this.host.isUpdatePending && ++this.updatesWaited < SETTLE_UPDATES_MAX) return;
      this.target = undefined;
      element?.focus(this.options);
    });
  }

  hostDisconnected(): void {
    this.target = undefined;
  }

  private find(target: FocusTarget): HTMLElement | null | undefined {
    if (typeof target === 'function') return target();
    const root = this.host.renderRoot;
    return (typeof target === 'string' ? [target] : target).reduce<HTMLElement | null>((found, s) => found ?? root.querySelector<HTMLElement>(s), null);
  }
}
