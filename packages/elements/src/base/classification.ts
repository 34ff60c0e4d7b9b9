import { html, nothing, type ReactiveControllerHost } from 'lit';
import type { EcotoneClient } from '@ecotone/core';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { callerOf, knownCallerOf } from './caller.js';

/** `<eco-classification>`: loaded only on a server with labels, with the first label shown. */
const importLabel = () => import('../classification/classification.js');

/**
 * A space's classification label (docs/security.md#classification) for
 * elements that show one: a banner (`<eco-feed>`, `<eco-composer>`) or a
 * badge (`<eco-post>`, `<eco-knowledge-note>`). Returns the host's renderer:
 * `spaceId`'s label as a banner, or a badge, or nothing when there is none
 * to show (yet). The label comes from the caller's memberships
 * (`client.me()`, asked once per client and shared by its elements; the host
 * renders again when it is known): nothing is rendered on a server without
 * labels, nor for a space the caller does not belong to (an open space read
 * by a non-member), whose label the client does not know.
 */
export function classificationLabel(host: ReactiveControllerHost, clientOf: () => EcotoneClient | undefined) {
  const element = new LazyModuleController(host, importLabel);
  return (spaceId: string | undefined, badge?: boolean) => {
    const client = clientOf();
    const me = client && knownCallerOf(client);
    // Again only when it came (a failure answers undefined, and would answer it at every render).
    if (client && !me) void callerOf(client).then((known) => known && host.requestUpdate());
    const id = me?.memberships.find((m) => m.spaceId === spaceId)?.label;
    const label = id && me.classification?.labels.find((l) => l.id === id);
    if (!label) return nothing;
    void element.load();
    return html`<eco-classification part="classification classification-${label.id}" .client=${client} .label=${label} ?badge=${badge}></eco-classification>`;
  };
}

/** Whether `element` is rendered by an `<eco-post>` (which shows the label itself, or its feed's banner does). */
export function inPost(element: Element): boolean {
  const root = element.getRootNode();
  return root instanceof ShadowRoot && root.host.localName === 'eco-post';
}
