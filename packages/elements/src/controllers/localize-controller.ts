import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Subscription } from 'rxjs';
import type { EcotoneClient } from '@ecotone/core';
import { SUPPORTED_LOCALES as LOCALES, type Locale } from '@ecotone/protocol';
import { ELEMENTS_NAMESPACE, reactionStrings, type MessageKey, type StringSet } from '../locales/locales.js';

type Host = ReactiveControllerHost & HTMLElement;

/**
 * Adds a set of en/fr/de strings to a client, namespace `elements` (each set
 * once per client; other locales load when first used). Custom widgets can
 * register their own set the same way.
 */
export function registerElementsStrings(client: EcotoneClient, strings: StringSet = reactionStrings): void {
  client.addStrings(ELEMENTS_NAMESPACE, strings);
}

/** An element class may list the string sets it needs beyond the reaction strings. */
interface WithStrings {
  strings?: readonly StringSet[];
}

/** Reduces any BCP 47 tag to a supported locale, or undefined. */
export function supportedLocale(tag: string | null | undefined): Locale | undefined {
  if (!tag) return undefined;
  const primary = tag.toLowerCase().split(/[-_]/)[0];
  return (LOCALES as readonly string[]).includes(primary ?? '') ? (primary as Locale) : undefined;
}

/** The closest `lang` in the composed tree (crossing shadow roots), except `<html>`'s. */
function closestLang(el: Element): string | undefined {
  let node: Node | null = el;
  while (node) {
    if (node instanceof Element) {
      if (node === document.documentElement) return undefined;
      const lang = node.getAttribute('lang');
      if (lang) return lang;
    }
    node = node instanceof ShadowRoot ? node.host : node.parentNode;
  }
  return undefined;
}

/** Controllers to refresh when any `lang` attribute in the light DOM changes. */
const liveControllers = new Set<LocalizeController>();
let langObserver: MutationObserver | undefined;
function watchLang(controller: LocalizeController): void {
  liveControllers.add(controller);
  if (!langObserver) {
    langObserver = new MutationObserver(() => liveControllers.forEach((c) => c.refresh()));
    langObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['lang'], subtree: true });
  }
}
function unwatchLang(controller: LocalizeController): void {
  liveControllers.delete(controller);
  if (liveControllers.size === 0) {
    langObserver?.disconnect();
    langObserver = undefined;
  }
}

/** Beyond this many translations kept per client, the oldest is forgotten (authors' names and counts vary without end). */
const TRANSLATIONS_KEPT_MAX = 1000;

/**
 * Translations already made, per client's i18next, by locale, key and values:
 * a feed asks for the same few (reaction names, "Comment") hundreds of times,
 * and each i18next look-up walks its resources and fallbacks. Forgotten as
 * soon as strings are added or removed (a language arriving, an override).
 */
const translations = new WeakMap<EcotoneClient['i18n'], Map<string, string>>();

/** Tiny fallback used before a client is known: English strings, same plural keys. */
function fallbackT(sets: readonly StringSet[], key: string, opts: Record<string, unknown>): string {
  const en: Readonly<Record<string, string>> = Object.assign({}, ...sets.map((s) => s.en));
  let text = en[key];
  if (text === undefined && typeof opts['count'] === 'number') {
    text = en[`${key}_${new Intl.PluralRules('en').select(opts['count'])}`] ?? en[`${key}_other`];
  }
  return (text ?? key).replace(/\{\{(\w+)\}\}/g, (_m, name: string) => String(opts[name] ?? ''));
}

/**
 * Translates through the client's i18next (namespace `elements`) in the
 * element's locale, and re-renders the host when that locale changes.
 *
 * Locale order: the `lang` of the element or its closest ancestor (crossing
 * shadow roots, `<html>` excluded), then the client's locale, then `<html lang>`,
 * then English. `<html lang>` comes after the client because the client was
 * negotiated from it at creation and `setLocale()` must be able to override it.
 */
export class LocalizeController implements ReactiveController {
  private client: EcotoneClient | undefined;
  private clientLocale: Locale | undefined;
  private subscription: Subscription | undefined;
  private current: Locale | undefined;
  /** Re-renders when a locale's strings arrive (they load lazily). */
  private readonly handleStringsAdded = (lng: string): void => {
    if (lng === this.locale) this.host.requestUpdate();
  };

  private readonly sets: readonly StringSet[];
  /** The locale of the update in progress: found once per render, not once per string (a walk up the tree). */
  private updating: Locale | undefined;

  constructor(private readonly host: Host) {
    host.addController(this);
    this.sets = [reactionStrings, ...((host.constructor as WithStrings).strings ?? [])];
  }

  /** The resolved locale the host renders in. */
  get locale(): Locale {
    return (
      this.updating ??
      supportedLocale(closestLang(this.host)) ??
      this.clientLocale ??
      supportedLocale(document.documentElement.lang) ??
      'en'
    );
  }

  /** Points the controller at a client (or none); safe to call on every update. */
  setClient(client: EcotoneClient | undefined): void {
    if (client === this.client) return;
    this.unsubscribe();
    this.client = client;
    this.clientLocale = undefined;
    if (client) {
      for (const set of this.sets) registerElementsStrings(client, set);
      if (this.host.isConnected) this.subscribe();
    }
  }

  hostConnected(): void {
    watchLang(this);
    if (this.client && !this.subscription) this.subscribe();
    this.current = this.locale;
  }

  hostUpdate(): void {
    this.updating = undefined;
    this.updating = this.locale;
  }

  hostUpdated(): void {
    this.updating = undefined;
  }

  hostDisconnected(): void {
    unwatchLang(this);
    this.unsubscribe();
  }

  /** Re-renders the host if its resolved locale changed. */
  refresh(): void {
    const next = this.locale;
    if (next !== this.current) {
      this.current = next;
      void this.client?.loadLocale(next).catch(() => undefined);
      this.host.requestUpdate();
    }
  }

  /** Translates a key of the `elements` namespace; `count` selects the plural form. */
  t(key: MessageKey, opts: Record<string, string | number> = {}): string {
    return this.text(key, opts);
  }

  /**
   * Translates any key of the `elements` namespace: a custom widget's own
   * (from the string sets its class lists in `static strings`), which
   * {@link t} does not know the names of.
   */
  text(key: string, opts: Record<string, string | number> = {}): string {
    const client = this.client;
    if (!client) return fallbackT(this.sets, key, opts);
    const { i18n } = client;
    let kept = translations.get(i18n);
    if (!kept) {
      const made = new Map<string, string>();
      const forget = (): void => made.clear();
      i18n.store.on('added', forget);
      i18n.store.on('removed', forget);
      translations.set(i18n, (kept = made));
    }
    const lng = this.locale;
    const id = `${lng} ${key} ${JSON.stringify(opts)}`;
    let text = kept.get(id);
    if (text === undefined) {
      if (kept.size >= TRANSLATIONS_KEPT_MAX) kept.delete(kept.keys().next().value as string);
      // The client's i18next does not escape (Lit escapes on render): no
      // interpolation options here, which would make i18next rebuild them per call.
      kept.set(id, (text = i18n.t(key, { ...opts, lng, ns: ELEMENTS_NAMESPACE })));
    }
    return text;
  }

  private subscribe(): void {
    const client = this.client;
    if (!client) return;
    client.i18n.store.on('added', this.handleStringsAdded);
    this.subscription = client.locale$.subscribe((locale) => {
      this.clientLocale = locale;
      this.refresh();
    });
    // An element's own `lang` may differ from the client's locale.
    void client.loadLocale(this.locale).catch(() => undefined);
  }

  private unsubscribe(): void {
    this.client?.i18n.store.off('added', this.handleStringsAdded);
    this.subscription?.unsubscribe();
    this.subscription = undefined;
  }
}
