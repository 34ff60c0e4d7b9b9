/**
 * The feed's virtual list: @lit-labs/virtualizer, loaded by `<eco-feed>` once
 * it holds more than a page or so of posts (a feed read only at its top never
 * downloads it).
 */
import { provideResizeObserver } from '@lit-labs/virtualizer/polyfillLoaders/ResizeObserver.js';

export { virtualize } from '@lit-labs/virtualizer/virtualize.js';

/**
 * The virtualiser measures its posts, adds others and sizes its list in its
 * ResizeObserver callbacks: what it observes (the list, the page that grows
 * with it, the posts it adds) changes size during the very delivery, which the
 * browser reports to the page's error handlers ("ResizeObserver loop completed
 * with undelivered notifications") many times a second while a feed scrolls.
 * Its observers deliver in the next frame instead, before that frame's layout:
 * a scroll's new posts are made in the virtualiser's margin beyond the window
 * and placed before they come into view (beyond about 250 px a frame, a fling,
 * one may show misplaced for a frame, as some did before). Set as this module
 * loads, before any virtual list is made: the page's other lists made with the
 * same copy of @lit-labs/virtualizer deliver in the next frame too.
 */
function deliverVirtualizerResizesNextFrame(): void {
  provideResizeObserver(
    class extends ResizeObserver {
      constructor(callback: ResizeObserverCallback) {
        super((entries, observer) => requestAnimationFrame(() => callback(entries, observer)));
      }
    },
  );
}

deliverVirtualizerResizesNextFrame();
