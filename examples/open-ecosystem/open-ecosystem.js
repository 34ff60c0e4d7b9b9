// The group news page of the open ecosystem: announcements in three
// languages, and the feed of each site. The switchers set the provider's
// token (demo sign-in) and language; the site tabs set the feed's space.

const pageStrings = {
  en: { 'controls.user': 'Signed in as', 'controls.language': 'Language', announcements: 'Announcements', sites: 'Our sites', everyone: 'Everyone' },
  fr: { 'controls.user': 'Connecté en tant que', 'controls.language': 'Langue', announcements: 'Annonces', sites: 'Nos sites', everyone: 'Tout le monde' },
  de: { 'controls.user': 'Angemeldet als', 'controls.language': 'Sprache', announcements: 'Ankündigungen', sites: 'Unsere Standorte', everyone: 'Alle' },
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
  $('user-switcher').value = actorId;
  // Development sign-in only (the reference server started with --auth dev).
  provider.setAttribute('token', `dev:${actorId}`);
  localStorage.setItem('ecotone-group-user', actorId);
}

function showSite(spaceId) {
  for (const tab of document.querySelectorAll('.tabs button')) {
    tab.setAttribute('aria-pressed', String(tab.dataset.space === spaceId));
  }
  $('site-feed').setAttribute('space', spaceId);
  $('composer').setAttribute('space', spaceId);
}

const { items: actors } = await (await fetch('/api/v1/dev/actors')).json();
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

await import('/sdk/ecotone.js');

$('user-switcher').addEventListener('change', () => signIn($('user-switcher').value));
$('language-switcher').addEventListener('change', () => applyLanguage($('language-switcher').value));
for (const tab of document.querySelectorAll('.tabs button')) tab.addEventListener('click', () => showSite(tab.dataset.space));
