// Signs the demo user in (development auth: `?user=<id>`, Amélie unless
// told), follows the language switch, then loads the SDK and the widget.
const strings = {
  en: { title: 'Kudos', language: 'Language', give: 'Give kudos', feed: 'General' },
  fr: { title: 'Bravos', language: 'Langue', give: 'Féliciter', feed: 'Général' },
  de: { title: 'Lob', language: 'Sprache', give: 'Loben', feed: 'Allgemein' },
};
const params = new URLSearchParams(location.search);
const provider = document.getElementById('provider');
const language = document.getElementById('language');

function applyLanguage(lang) {
  document.documentElement.lang = lang;
  language.value = lang;
  provider.setAttribute('lang', lang);
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = strings[lang][el.dataset.i18n];
}

provider.setAttribute('endpoint', location.origin);
provider.setAttribute('token', `dev:${params.get('user') ?? 'amelie'}`);
applyLanguage(strings[params.get('lang')] ? params.get('lang') : 'en');
language.addEventListener('change', () => applyLanguage(language.value));

await import('/sdk/ecotone.js');
await import('./kudos.js');
