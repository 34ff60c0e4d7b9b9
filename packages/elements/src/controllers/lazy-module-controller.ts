import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Imports made, by loader: every element of the page that needs a module shares one import. */
const imports = new Map<() => Promise<unknown>, Promise<unknown>>();
/** Modules already arrived, by loader: a host created after that renders with it at once. */
const arrived = new Map<() => Promise<unknown>, unknown>();

/**
 * Starts the import of `loader`'s module, or returns the one under way: the
 * import every LazyModuleController of that loader shares, made before any
 * of them asks (a feed loads the polls' module before it adds a post with a
 * poll, which then renders whole at once). A failed import is forgotten, so
 * that asking again tries again.
 */
export function preloadModule<M>(loader: () => Promise<M>): Promise<M> {
  let loading = imports.get(loader) as Promise<M> | undefined;
  if (!loading) {
    const made = loader().then(
      (module) => {
        arrived.set(loader, module);
        return module;
      },
      (error: unknown) => {
        if (imports.get(loader) === made) imports.delete(loader);
        throw error;
      },
    );
    imports.set(loader, (loading = made));
  }
  return loading;
}

/** Whether `loader`'s module has arrived (a host created now renders with it at once). */
export function moduleArrived(loader: () => Promise<unknown>): boolean {
  return arrived.has(loader);
}

/**
 * A module (usually an element's define module) that the host imports only
 * when it first needs it, so that pages which never need it never download
 * it: polls in a post, link cards, the comments, a diff library. `load()`
 * starts the import (once per page for a given loader function, which should
 * be a module-level constant); the host re-renders when it arrives, and
 * `value` holds the module from then on. A failed import is reported through
 * `onError` and `error`, and tried again on the next `load()`.
 *
 * @example
 * const importLinkCard = () => import('../link-card/link-card.js');
 * private readonly linkCard = new LazyModuleController(this, importLinkCard, (error) => this.emit('eco-error', { action: 'load', error }));
 * willUpdate() { if (this.preview) this.linkCard.load(); }
 * render() { return this.linkCard.ready ? html`<eco-link-card …>` : html`<a …>`; }
 */
export class LazyModuleController<M> implements ReactiveController {
  /** The module, once it has arrived. */
  value: M | undefined;
  /** Why the import failed, if it did. */
  error: unknown;
  /** The import this host waits for (a new one after a failure). */
  private waitingFor: Promise<M> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    readonly loader: () => Promise<M>,
    private readonly onError?: (error: Error) => void,
  ) {
    host.addController(this);
    if (arrived.has(loader)) this.value = arrived.get(loader) as M;
  }

  /** Whether the module has arrived. */
  get ready(): boolean {
    return this.value !== undefined;
  }

  /**
   * Starts the import if it is not under way; resolves with the module. Safe
   * to call on every update: the same promise each time, whose failure this
   * controller reports (so ignoring it raises no unhandled rejection).
   */
  load(): Promise<M> {
    const loading = preloadModule(this.loader);
    if (this.waitingFor !== loading && !this.ready) {
      this.waitingFor = loading;
      this.error = undefined;
      loading.then(
        (module) => {
          this.value = module;
          this.host.requestUpdate();
        },
        (error: unknown) => {
          this.error = error;
          this.onError?.(error instanceof Error ? error : new Error(String(error)));
          this.host.requestUpdate();
        },
      );
    }
    return loading;
  }

  hostConnected(): void {}
}
