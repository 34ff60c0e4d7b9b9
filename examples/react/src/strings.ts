/** The app's own text; the elements translate themselves from the provider's `lang`. */
export const LOCALES = ['en', 'fr', 'de'] as const;
export type Locale = (typeof LOCALES)[number];

export const LANGUAGE_NAMES: Record<Locale, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

interface AppStrings {
  title: string;
  intro: string;
  language: string;
  news: string;
  share: string;
  activity: string;
  noReaction: string;
  reacted: (kind: string, active: boolean) => string;
  published: (count: number) => string;
}

export const STRINGS: Record<Locale, AppStrings> = {
  en: {
    title: 'Team news (React)',
    intro: 'A React 19 app: the Ecotone elements render the post and the composer; React keeps the activity below.',
    language: 'Language',
    news: 'News',
    share: 'Share with the team',
    activity: 'Your activity on this page',
    noReaction: 'No reaction yet.',
    reacted: (kind, active) => (active ? `You added “${kind}”.` : `You removed “${kind}”.`),
    published: (count) => (count === 1 ? '1 post published.' : `${count} posts published.`),
  },
  fr: {
    title: 'Actualités de l’équipe (React)',
    intro: 'Une application React 19 : les éléments Ecotone affichent l’article et l’éditeur ; React tient l’activité ci-dessous.',
    language: 'Langue',
    news: 'Actualités',
    share: 'Partager avec l’équipe',
    activity: 'Votre activité sur cette page',
    noReaction: 'Aucune réaction pour l’instant.',
    reacted: (kind, active) => (active ? `Vous avez ajouté « ${kind} ».` : `Vous avez retiré « ${kind} ».`),
    published: (count) => (count <= 1 ? `${count} publication.` : `${count} publications.`),
  },
  de: {
    title: 'Team-Neuigkeiten (React)',
    intro: 'Eine React-19-App: Die Ecotone-Elemente zeigen den Beitrag und den Editor; React führt die Aktivität unten.',
    language: 'Sprache',
    news: 'Neuigkeiten',
    share: 'Mit dem Team teilen',
    activity: 'Ihre Aktivität auf dieser Seite',
    noReaction: 'Noch keine Reaktion.',
    reacted: (kind, active) => (active ? `Sie haben „${kind}“ hinzugefügt.` : `Sie haben „${kind}“ entfernt.`),
    published: (count) => (count === 1 ? '1 Beitrag veröffentlicht.' : `${count} Beiträge veröffentlicht.`),
  },
};

/** `?lang=fr`, else the browser's language when it is one of ours, else English. */
export function initialLocale(): Locale {
  const asked = new URLSearchParams(location.search).get('lang') ?? navigator.language.slice(0, 2);
  return (LOCALES as readonly string[]).includes(asked) ? (asked as Locale) : 'en';
}

/** Development sign-in (`--auth dev`): `?user=oliver`, else Amélie of the demo data. */
export function demoUser(): string {
  return new URLSearchParams(location.search).get('user') ?? 'amelie';
}
