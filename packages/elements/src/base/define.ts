/** An element class that may render other Ecotone elements. */
interface DefinableElement extends CustomElementConstructor {
  /** Tags this element renders, with their classes; defined before it. */
  dependencies?: Readonly<Record<string, DefinableElement>>;
  /** Starts, in idle time, work its first render would otherwise do once per page (see EcoPost.warmUp). */
  warmUp?: () => void;
}

/**
 * Registers a tag (and the tags it renders) unless already registered, so two
 * copies of a define module, or a page that registered its own, never throw.
 */
export function defineElement(tag: string, element: DefinableElement): void {
  for (const [depTag, dep] of Object.entries(element.dependencies ?? {})) defineElement(depTag, dep);
  if (!customElements.get(tag)) {
    customElements.define(tag, element);
    element.warmUp?.();
  }
}
