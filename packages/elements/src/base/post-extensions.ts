/**
 * Which element renders the posts of a vendor's extension type
 * (`Post.extension.type`, such as `acme.kudos`). `<eco-post>` renders a
 * registered type's posts with that element (its `post` property set to the
 * post) in place of the body; unregistered types show their body. The
 * registry lives on `globalThis` under a shared symbol, so a widget bundled
 * with its own copy of this package and the page's SDK see the same one.
 */

type Registry = Map<string, string>;
const REGISTRY = Symbol.for('ecotone:post-extensions');
/** Dispatched on `window` when a type is registered: posts waiting for it render again. */
export const POST_EXTENSION_REGISTERED = 'ecotone-post-extension-registered';
const TYPE = /^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/;
const TAG = /^[a-z][a-z0-9._]*-[a-z0-9._-]*$/;

function registry(): Registry {
  const shared = globalThis as typeof globalThis & { [REGISTRY]?: Registry };
  return (shared[REGISTRY] ??= new Map());
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
  const known = registry().get(type);
  if (known === tagName) return;
  if (known !== undefined) throw new Error(`Posts of type "${type}" are already rendered by <${known}>`);
  registry().set(type, tagName);
  globalThis.dispatchEvent?.(new Event(POST_EXTENSION_REGISTERED));
}

/** The element registered for an extension type, if any. */
export function postExtensionTag(type: string): string | undefined {
  return registry().get(type);
}
