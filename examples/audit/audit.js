// The only script of the auditors' page (external, as its
// Content-Security-Policy requires): the user and language switchers. It
// writes text with textContent only.

const DEFAULT_USER = 'amelie';

const pageStrings = {
  en: {
    brand: 'Audit trail', 'controls.user': 'User', 'controls.language': 'Language',
    hint: 'Who did what, and when: only the server’s auditors can read it (npm start makes Amélie one).',
  },
  fr: {
    brand: 'Journal d’audit', 'controls.user': 'Utilisateur', 'controls.language': 'Langue',
    hint: 'Qui a fait quoi, et quand : seuls les auditeurs du serveur peuvent le lire (npm start en fait une d’Amélie).',
  },
  de: {
    brand: 'Audit-Protokoll', 'controls.user': 'Benutzer', 'controls.language': 'Sprache',
    hint: 'Wer hat was wann getan: Nur die Auditoren des Servers können es lesen (npm start macht Amélie dazu).',
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
  // Development sign-in only: the demo's people, to see the page as an auditor and as anyone else.
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
