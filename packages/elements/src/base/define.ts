import { intlWarmUpSteps } from '@ecotone/core';
import { supportedLocale } from '../controllers/localize-controller.js';
import { aheadOfRendering } from './tasks.js';

/** An element class that may render other Ecotone elements. */
interface DefinableElement extends CustomElementConstructor {
  /** Tags this element renders, with their classes; defined before it. */
  dependencies?: Readonly<Record<string, DefinableElement>>;
  /** Starts work its first render would otherwise do once per page, ahead of it (see EcoPost.warmUp). */
  warmUp?: () => void;
}

let intlLoading = false;

/**
 * Registers a tag (and the tags it renders) unless already registered, so two
 * copies of a define module, or a page that registered its own, never throw.
 */
export function defineElement(tag: string, element: DefinableElement): void {
  if (!intlLoading) {
    // Before the first element renders: ICU's data for the page's language, in pieces.
    intlLoading = true;
    aheadOfRendering(intlWarmUpSteps(supportedLocale(document.documentElement.lang) ?? 'en'));
  }
  for (const [depTag, dep] of Object.entries(element.dependencies ?? {})) defineElement(depTag, dep);
  if (!customElements.get(tag)) {
    customElements.define(tag, element);
    element.warmUp?.();
  }
}
