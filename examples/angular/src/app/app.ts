import { Component, CUSTOM_ELEMENTS_SCHEMA, computed, effect, signal } from '@angular/core';
import type { EcoPublishEvent, EcoReactionChangeEvent } from '@ecotone/elements';
import { demoUser, initialLocale, LANGUAGE_NAMES, LOCALES, STRINGS, type Locale } from './strings';

@Component({
  selector: 'app-root',
  // The <eco-*> tags are custom elements: Angular binds their properties and events as the DOM's.
  schemas: [CUSTOM_ELEMENTS_SCHEMA],
  templateUrl: './app.html',
})
export class App {
  /** A news post of the demo data, with French and German versions. */
  protected readonly newsPostId = 'news-basel-lab';
  protected readonly spaceId = 'general';
  protected readonly token = `dev:${demoUser()}`;
  protected readonly locales = LOCALES;
  protected readonly languageNames = LANGUAGE_NAMES;

  protected readonly locale = signal<Locale>(initialLocale());
  protected readonly lastReaction = signal<{ kind: string; active: boolean } | null>(null);
  protected readonly publishedCount = signal(0);
  protected readonly t = computed(() => STRINGS[this.locale()]);

  constructor() {
    effect(() => {
      document.documentElement.lang = this.locale();
      document.title = this.t().title;
    });
  }

  protected selectLocale(value: string): void {
    if ((LOCALES as readonly string[]).includes(value)) this.locale.set(value as Locale);
  }

  // Element events reach Angular with (event-name), as any DOM event. The
  // template checker leaves `$event` of a custom element's event untyped: the
  // parameter's type says what it is.
  protected handleReaction(event: EcoReactionChangeEvent): void {
    this.lastReaction.set(event.detail);
  }

  protected handlePublish(_event: EcoPublishEvent): void {
    this.publishedCount.update((count) => count + 1);
  }
}
