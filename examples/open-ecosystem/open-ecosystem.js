// The group news page of the open ecosystem: announcements in three
// languages, the feed of each site (or of all three at once), the directory
// of communities and a talk-show with its live question queue. The switchers
// set the provider's token (demo sign-in) and language; the site tabs set the
// feed's space.

const pageStrings = {
  en: { 'controls.user': 'Signed in as', 'controls.language': 'Language', announcements: 'Announcements', sites: 'Our sites', everyone: 'Everyone', allSites: 'All sites', communities: 'Communities', search: 'Search the news', post: 'Post', close: 'Close', talkShow: 'Talk-show' },
  fr: { 'controls.user': 'Connecté en tant que', 'controls.language': 'Langue', announcements: 'Annonces', sites: 'Nos sites', everyone: 'Tout le monde', allSites: 'Tous les sites', communities: 'Communautés', search: 'Rechercher dans les actualités', post: 'Publication', close: 'Fermer', talkShow: 'Talk-show en direct' },
  de: { 'controls.user': 'Angemeldet als', 'controls.language': 'Sprache', announcements: 'Ankündigungen', sites: 'Unsere Standorte', everyone: 'Alle', allSites: 'Alle Standorte', communities: 'Gemeinschaften', search: 'Nachrichten durchsuchen', post: 'Beitrag', close: 'Schließen', talkShow: 'Live-Talkshow' },
};

const $ = (id) => document.getElementById(id);
const provider = $('provider');
const params = new URLSearchParams(location.search);

function applyLanguage(lang) {
  const next = pageStrings[lang] ? lang : 'en';
  document.documentElement.lang = next;
  $('language-switcher').value = next;
  provider.setAttribute('lang', next);
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = pageStrings[next][el.dataset.i18n];
  localStorage.setItem('ecotone-group-lang', next);
}

function signIn(actorId) {
  me = actors.find((a) => a.id === actorId);
  $('user-switcher').value = actorId;
  // Development sign-in only (the reference server started with --auth dev).
  provider.setAttribute('token', `dev:${actorId}`);
  localStorage.setItem('ecotone-group-user', actorId);
}

/** Each person's own site space, where they write when the feed shows all sites. */
const HOME_SPACES = { Lyon: 'lyon-site', Basel: 'basel-site', Cambridge: 'cambridge-site' };
let me;

function showSite(spaces) {
  for (const tab of document.querySelectorAll('.tabs button')) {
    tab.setAttribute('aria-pressed', String(tab.dataset.space === spaces));
  }
  // Several ids make one feed over those spaces; the composer writes in one.
  $('site-feed').setAttribute('space', spaces);
  const ids = spaces.split(' ');
  $('composer').setAttribute('space', ids.length > 1 ? (HOME_SPACES[me?.site] ?? ids[0]) : spaces);
}

let actors = [];
try {
  ({ items: actors } = await (await fetch('/api/v1/dev/actors')).json());
  for (const actor of actors) {
    const option = document.createElement('option');
    option.value = actor.id;
    option.textContent = `${actor.displayName} (${actor.site ?? '—'})`;
    $('user-switcher').append(option);
  }
  provider.setAttribute('endpoint', location.origin);
  const wanted = params.get('user') ?? localStorage.getItem('ecotone-group-user') ?? 'hannah';
  const user = actors.find((a) => a.id === wanted) ?? actors[0];
  signIn(user.id);
  applyLanguage(params.get('lang') ?? localStorage.getItem('ecotone-group-lang') ?? user.locale);
} finally {
  // The page shows once in its language (open-ecosystem.css), and shows anyway if sign-in failed.
  document.documentElement.dataset.pageReady = '';
}

await import('/sdk/ecotone.js');

$('user-switcher').addEventListener('change', () => signIn($('user-switcher').value));
$('language-switcher').addEventListener('change', () => applyLanguage($('language-switcher').value));
for (const tab of document.querySelectorAll('.tabs button')) tab.addEventListener('click', () => showSite(tab.dataset.space));
// A search result opens its post in a dialog (a page with post URLs would set post-href instead).
$('post-search').addEventListener('eco-open-post', (e) => {
  $('dialog-post').setAttribute('post-id', e.detail.postId);
  $('post-dialog').showModal();
});
