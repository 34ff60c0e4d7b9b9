/**
 * `@ecotone/elements/base`: what a custom widget is built from, without
 * registering any Ecotone element (importing this module defines no tag).
 * The base class (client from the nearest `<eco-provider>`, localisation,
 * typed events), the controllers (the `@` people picker among them), the design tokens and button styles, the
 * string registry, and the registry of post extensions. See
 * docs/custom-widgets.md.
 *
 * @packageDocumentation
 */
export { EcoElement } from './eco-element.js';
export { clientContext } from './context.js';
export { defineElement } from './define.js';
export { registerPostExtension, postExtensionTag, postExtensionDefined } from './post-extensions.js';
export { ObservableController } from '../controllers/observable-controller.js';
export { LocalizeController, registerElementsStrings, supportedLocale } from '../controllers/localize-controller.js';
export { AsyncStatusController, type AsyncStatus, type AsyncResult } from '../controllers/async-status-controller.js';
export { ClockController } from '../controllers/clock-controller.js';
export { FocusController, type FocusTarget } from '../controllers/focus-controller.js';
export { LazyModuleController } from '../controllers/lazy-module-controller.js';
export { MentionsController, type MentionSearch, type MentionsOptions } from '../mentions/mentions-controller.js';
export { buttonStyles } from '../styles/buttons.js';
export { tokens, token, type TokenName } from '../styles/tokens.js';
export { ELEMENTS_NAMESPACE, type MessageKey, type StringSet } from '../locales/locales.js';
export type * from '../events/events.js';
