// The only script of the moderation page (external, as its
// Content-Security-Policy requires): the user and language switchers. It
// writes text with textContent only.

const DEFAULT_USER = 'amelie';

const pageStrings = {
  en: {
    brand: 'Moderation', 'controls.user': 'User', 'controls.language': 'Language', feed: 'General',
    hint: 'Anyone reports a post to the space’s owners (Report, under each post); Amélie owns General and sees its queue.',
  },
  fr: {
    brand: 'Modération', 'controls.user': 'Utilisateur', 'controls.language': 'Langue', feed: 'Général',
    hint: 'Chacun signale une publication aux propriétaires de l’espace (Signaler, sous chaque publication) ; Amélie possède Général et voit sa file.',
  },
  de: {
    brand: 'Moderation', 'controls.user': 'Benutzer', 'controls.language': 'Sprache', feed: 'Allgemein',
    hint: 'Jeder meldet einen Beitrag an die Eigentümer des Bereichs (Melden, unter jedem Beitrag); Amélie besitzt Allgemein und sieht die Warteschlange.',
  },
};

const $ = (id) => document.getElementById(id);
const provider = $('provider');
const params = new URLSearchParams(location.search);

function applyLanguage(next) {
  const lang = pageStrings[next] ? next : 'en';
  document.documentElement.lang = lang;
  $('language-switcher').value = lang;
  provider.setAttribute('lang', lang);
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = pageStrings[lang][el.dataset.i18n];
}

async function fillUsers(current) {
  const select = $('user-switcher');
  // Development sign-in only: the demo's people, to see the page as an owner and as anyone else.
  const res = await fetch('/api/v1/dev/actors');
  const actors = res.ok ? (await res.json()).items : [{ id: current, displayName: current }];
  for (const actor of actors) {
    const option = document.createElement('option');
    option.value = actor.id;
    option.textContent = actor.displayName;
    select.append(option);
  }
  select.value = current;
  select.addEventListener('change', () => {
    params.set('user', select.value);
    location.search = params.toString();
  });
}

const user = params.get('user') ?? DEFAULT_USER;
applyLanguage(params.get('lang') ?? 'en');
$('language-switcher').addEventListener('change', (e) => {
  params.set('lang', e.target.value);
  history.replaceState(null, '', `?${params}`);
  applyLanguage(e.target.value);
});
provider.setAttribute('endpoint', location.origin);
provider.setAttribute('token', `dev:${user}`);
await fillUsers(user);
await import('/sdk/ecotone.js');
