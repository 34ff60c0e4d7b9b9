/**
 * Which element renders the posts of a vendor's extension type
 * (`Post.extension.type`, such as `acme.kudos`). `<eco-post>` renders a
 * registered type's posts with that element (its `post` property set to the
 * post) in place of the body; unregistered types show their body. The
 * registry lives on `globalThis` under a shared symbol, so a widget bundled
 * with its own copy of this package and the page's SDK see the same one.
 */

/** Tags by extension type, and who waits for a type not registered yet. */
interface Registry {
  tags: Map<string, string>;
  waiting: Map<string, ((tag: string) => void)[]>;
}
const REGISTRY = Symbol.for('ecotone:post-extensions');
const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const TAG = /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/;

function registry(): Registry {
  const shared = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  return (shared[REGISTRY] ??= { tags: new Map(), waiting: new Map() });
}

/**
 * Renders posts whose extension is `type` with the element `tagName` (a
 * custom element that takes a `post` property; define it before or after).
 * Registering the same pair again does nothing; another tag for a type
 * already taken throws.
 *
 * @example registerPostExtension('acme.kudos', 'acme-kudos-card');
 */
export function registerPostExtension(type: string, tagName: string): void {
  if (!TYPE.test(type)) throw new TypeError(`Not an extension type (namespaced, lowercase, e.g. "acme.kudos"): "${type}"`);
  if (!TAG.test(tagName)) throw new TypeError(`Not a custom element name: "${tagName}"`);
  const { tags, waiting } = registry();
  const known = tags.get(type);
  if (known === tagName) return;
  if (known !== undefined) throw new Error(`Posts of type "${type}" are already rendered by <${known}>`);
  tags.set(type, tagName);
  for (const resolve of waiting.get(type) ?? []) resolve(tagName);
  waiting.delete(type);
}

/** The element registered for an extension type, if any. */
export function postExtensionTag(type: string): string | undefined {
  return registry().tags.get(type);
}

/** Resolves with the tag of the widget for `type` once it is registered and defined (`<eco-post>` renders again then). */
export async function postExtensionDefined(type: string): Promise<string> {
  const { tags, waiting } = registry();
  const tag = tags.get(type) ?? (await new Promise<string>((resolve) => waiting.set(type, [...(waiting.get(type) ?? []), resolve])));
  await customElements.whenDefined(tag);
  return tag;
}
