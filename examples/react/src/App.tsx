// The <eco-*> tags type-check through the types generated from the elements' manifest.
import type {} from '@ecotone/elements/react';
import type { EcoPublishEvent, EcoReactionChangeEvent } from '@ecotone/elements';
import { useEffect, useState } from 'react';
import { demoUser, initialLocale, LANGUAGE_NAMES, LOCALES, STRINGS, type Locale } from './strings.js';

/** A news post of the demo data, with French and German versions. */
const NEWS_POST_ID = 'news-basel-lab';
const SPACE_ID = 'general';

export function App() {
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [lastReaction, setLastReaction] = useState<{ kind: string; active: boolean } | null>(null);
  const [publishedCount, setPublishedCount] = useState(0);
  const t = STRINGS[locale];

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = t.title;
  }, [locale, t]);

  // Element events reach React through `on` + the event's name (React 19).
  const handleReaction = (event: EcoReactionChangeEvent) => setLastReaction(event.detail);
  const handlePublish = (_event: EcoPublishEvent) => setPublishedCount((count) => count + 1);

  return (
    <eco-provider endpoint="" token={`dev:${demoUser()}`} lang={locale}>
      <header className="bar">
        <h1>{t.title}</h1>
        <label>
          {t.language}{' '}
          <select id="language" value={locale} onChange={(event) => setLocale(event.target.value as Locale)}>
            {LOCALES.map((code) => (
              <option key={code} value={code}>
                {LANGUAGE_NAMES[code]}
              </option>
            ))}
          </select>
        </label>
      </header>
      <main className="page">
        <p>{t.intro}</p>
        <section aria-labelledby="news-title">
          <h2 id="news-title">{t.news}</h2>
          <eco-post post-id={NEWS_POST_ID} oneco-reaction-change={handleReaction} />
        </section>
        <section aria-labelledby="activity-title" className="activity">
          <h2 id="activity-title">{t.activity}</h2>
          <p id="activity" role="status">
            {lastReaction ? t.reacted(lastReaction.kind, lastReaction.active) : t.noReaction} {t.published(publishedCount)}
          </p>
        </section>
        <section aria-labelledby="share-title">
          <h2 id="share-title">{t.share}</h2>
          <eco-composer space={SPACE_ID} oneco-publish={handlePublish} />
        </section>
      </main>
    </eco-provider>
  );
}
