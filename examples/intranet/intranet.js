// The only script of this "legacy intranet" page: it wires the demo-user and
// language switchers to <eco-provider>. Everything social is done by the
// Ecotone elements declared in index.html.

/** The news article below is a post of the demo seed, so it can be liked. */
const NEWS_POST_ID = 'news-basel-lab';
const DEFAULT_USER = 'amelie';

// The page's own chrome, in the three languages of the group.
const pageStrings = {
  en: {
    'nav.home': 'Home', 'nav.news': 'News', 'nav.directory': 'Directory', 'nav.tools': 'Tools',
    'controls.user': 'Signed in as', 'controls.language': 'Language',
    'news.kicker': 'Group news',
    'news.title': 'Basel opens its new cell-therapy lab',
    'news.meta': 'Corporate Communications · 3 min read',
    'news.p1': 'After eighteen months of works, the Basel site opens a 1,200 m² laboratory dedicated to cell therapy. Teams from Lyon and Cambridge will share its equipment from January.',
    'news.p2': 'The lab doubles our production capacity for clinical batches and brings three research groups under one roof.',
    'community.title': 'What colleagues are saying',
    'poll.title': 'Poll of the week',
    'survey.title': 'Three quick questions',
    footer: 'HelixNet · internal use only',
  },
  fr: {
    'nav.home': 'Accueil', 'nav.news': 'Actualités', 'nav.directory': 'Annuaire', 'nav.tools': 'Outils',
    'controls.user': 'Connecté en tant que', 'controls.language': 'Langue',
    'news.kicker': 'Actualités du groupe',
    'news.title': 'Bâle inaugure son nouveau laboratoire de thérapie cellulaire',
    'news.meta': 'Communication corporate · 3 min de lecture',
    'news.p1': 'Après dix-huit mois de travaux, le site de Bâle ouvre un laboratoire de 1 200 m² consacré à la thérapie cellulaire. Les équipes de Lyon et de Cambridge partageront ses équipements dès janvier.',
    'news.p2': 'Le laboratoire double notre capacité de production de lots cliniques et réunit trois groupes de recherche sous un même toit.',
    'community.title': 'Ce qu’en disent les collègues',
    'poll.title': 'Le sondage de la semaine',
    'survey.title': 'Trois questions rapides',
    footer: 'HelixNet · usage interne uniquement',
  },
  de: {
    'nav.home': 'Start', 'nav.news': 'Neuigkeiten', 'nav.directory': 'Verzeichnis', 'nav.tools': 'Werkzeuge',
    'controls.user': 'Angemeldet als', 'controls.language': 'Sprache',
    'news.kicker': 'Konzernnachrichten',
    'news.title': 'Basel eröffnet sein neues Labor für Zelltherapie',
    'news.meta': 'Unternehmenskommunikation · 3 Min. Lesezeit',
    'news.p1': 'Nach achtzehn Monaten Bauzeit eröffnet der Standort Basel ein 1.200 m² großes Labor für Zelltherapie. Teams aus Lyon und Cambridge nutzen seine Ausstattung ab Januar mit.',
    'news.p2': 'Das Labor verdoppelt unsere Produktionskapazität für klinische Chargen und vereint drei Forschungsgruppen unter einem Dach.',
    'community.title': 'Was Kolleginnen und Kollegen sagen',
    'poll.title': 'Umfrage der Woche',
    'survey.title': 'Drei kurze Fragen',
    footer: 'HelixNet · nur für den internen Gebrauch',
  },
};

const provider = document.getElementById('provider');
const userSwitcher = document.getElementById('user-switcher');
const languageSwitcher = document.getElementById('language-switcher');
const params = new URLSearchParams(location.search);

function applyLanguage(lang) {
  document.documentElement.lang = lang;
  languageSwitcher.value = lang;
  provider.setAttribute('lang', lang);
  for (const el of document.querySelectorAll('[data-i18n]')) {
    el.textContent = pageStrings[lang][el.dataset.i18n] ?? el.textContent;
  }
  localStorage.setItem('ecotone-demo-lang', lang);
}

function signIn(actorId) {
  userSwitcher.value = actorId;
  // Development auth only: the reference server started with --auth dev accepts `dev:<actor id>`.
  provider.setAttribute('token', `dev:${actorId}`);
  localStorage.setItem('ecotone-demo-user', actorId);
}

async function loadDemoUsers() {
  const res = await fetch('/api/v1/dev/actors');
  if (!res.ok) throw new Error(`Demo users unavailable (${res.status})`);
  const { items } = await res.json();
  for (const actor of items) {
    const option = document.createElement('option');
    option.value = actor.id;
    option.textContent = `${actor.displayName} (${actor.site ?? '—'})`;
    userSwitcher.append(option);
  }
  return items;
}

provider.setAttribute('endpoint', location.origin);
for (const id of ['news-like', 'news-celebrate', 'news-insightful']) {
  document.getElementById(id).setAttribute('object', NEWS_POST_ID);
}

const wantedUser = params.get('user') ?? localStorage.getItem('ecotone-demo-user') ?? DEFAULT_USER;
try {
  const actors = await loadDemoUsers();
  const user = actors.find((a) => a.id === wantedUser) ?? actors[0];
  const wantedLang = params.get('lang') ?? localStorage.getItem('ecotone-demo-lang') ?? user.locale ?? 'en';
  applyLanguage(pageStrings[wantedLang] ? wantedLang : 'en');
  signIn(user.id);
} catch {
  // Offline (the page came from its service worker): the person last signed in here, whose writes wait to be sent.
  const lang = params.get('lang') ?? localStorage.getItem('ecotone-demo-lang') ?? 'en';
  applyLanguage(pageStrings[lang] ? lang : 'en');
  const option = document.createElement('option');
  option.value = option.textContent = wantedUser;
  userSwitcher.append(option);
  signIn(wantedUser);
} finally {
  // The page shows once in its language (intranet.css), and shows anyway if sign-in failed.
  document.documentElement.dataset.pageReady = '';
}

// Load the elements once the provider knows who is signed in, so nothing is
// requested anonymously first.
await import('/sdk/ecotone.js');

// The page and the SDK kept for offline reloads (sw.js); where service workers
// are not offered (plain http on another host than localhost), the page simply needs the network.
navigator.serviceWorker?.register('sw.js').catch(() => undefined);

userSwitcher.addEventListener('change', () => signIn(userSwitcher.value));
languageSwitcher.addEventListener('change', () => applyLanguage(languageSwitcher.value));
