// The only script of the technology-watch page (external, as the page's
// Content-Security-Policy requires). It wires the user and language
// switchers, opens the note chosen in the search, lists notes due for review,
// and promotes recent posts to notes. It writes text with textContent only:
// under Trusted Types, HTML sinks are closed to it.

const DEFAULT_USER = 'julien';
const DEFAULT_SPACE = 'security-watch';
const RECENT_POSTS = 5;
const EXCERPT_CHARS = 90;

const pageStrings = {
  fr: {
    brand: 'Veille technologique', classification: 'Diffusion restreinte · réseau interne',
    'controls.user': 'Utilisateur', 'controls.language': 'Langue',
    'search.title': 'Notes de veille', 'note.title': 'Note', 'note.empty': 'Choisissez une note dans les résultats.',
    'due.title': 'À revoir', 'due.empty': 'Aucune note à revoir.',
    'promote.title': 'Capitaliser un message', 'promote.hint': 'Transformez un message récent en note de veille.',
    'promote.space': 'Espace', 'promote.action': 'En faire une note', 'promote.done': 'Note créée : {title}',
    'promote.failed': 'La note n’a pas pu être créée.', 'promote.none': 'Aucun message récent.',
    'due.by': 'à revoir le {date}', 'sources.title': 'Sources suivies',
  },
  de: {
    brand: 'Technologiebeobachtung', classification: 'Eingeschränkte Verbreitung · internes Netz',
    'controls.user': 'Benutzer', 'controls.language': 'Sprache',
    'search.title': 'Beobachtungsnotizen', 'note.title': 'Notiz', 'note.empty': 'Wählen Sie eine Notiz in den Ergebnissen.',
    'due.title': 'Zu überprüfen', 'due.empty': 'Keine Notiz zu überprüfen.',
    'promote.title': 'Beitrag festhalten', 'promote.hint': 'Machen Sie aus einem aktuellen Beitrag eine Notiz.',
    'promote.space': 'Bereich', 'promote.action': 'Als Notiz übernehmen', 'promote.done': 'Notiz erstellt: {title}',
    'promote.failed': 'Die Notiz konnte nicht erstellt werden.', 'promote.none': 'Keine aktuellen Beiträge.',
    'due.by': 'zu prüfen bis {date}', 'sources.title': 'Verfolgte Quellen',
  },
  en: {
    brand: 'Technology watch', classification: 'Restricted · internal network',
    'controls.user': 'User', 'controls.language': 'Language',
    'search.title': 'Watch notes', 'note.title': 'Note', 'note.empty': 'Choose a note in the results.',
    'due.title': 'Due for review', 'due.empty': 'No note is due for review.',
    'promote.title': 'Capitalise a post', 'promote.hint': 'Turn a recent post into a watch note.',
    'promote.space': 'Space', 'promote.action': 'Make it a note', 'promote.done': 'Note created: {title}',
    'promote.failed': 'The note could not be created.', 'promote.none': 'No recent post.',
    'due.by': 'review by {date}', 'sources.title': 'Followed sources',
  },
};

const $ = (id) => document.getElementById(id);
const provider = $('provider');
const params = new URLSearchParams(location.search);
let lang = 'fr';

const t = (key, vars = {}) =>
  (pageStrings[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));

function applyLanguage(next) {
  lang = pageStrings[next] ? next : 'fr';
  document.documentElement.lang = lang;
  $('language-switcher').value = lang;
  provider.setAttribute('lang', lang);
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  localStorage.setItem('ecotone-watch-lang', lang);
}

function element(tag, props = {}, children = []) {
  const el = document.createElement(tag);
  Object.assign(el, props);
  el.append(...children);
  return el;
}

/** A Markdown body as a short line of plain text (for a list, not for reading). */
function excerpt(markdown) {
  const text = markdown.replace(/[*_`>#[\]]/g, '').replace(/\(https?:[^)]*\)/g, '').replace(/\s+/g, ' ').trim();
  return text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS - 1)}…` : text;
}

function openNote(noteId) {
  const note = $('note');
  note.setAttribute('note', noteId);
  note.hidden = false;
  $('note-empty').hidden = true;
}

async function client() {
  await customElements.whenDefined('eco-provider');
  await provider.updateComplete;
  return provider.currentClient;
}

async function showDue() {
  const list = $('due-list');
  list.replaceChildren();
  // While busy, the list keeps the room of a few notes (tech-watch.css): the panel below stays put.
  list.setAttribute('aria-busy', 'true');
  const notes = await (await client()).notesDue().catch(() => []);
  list.setAttribute('aria-busy', 'false');
  $('due-empty').hidden = notes.length > 0;
  const format = new Intl.DateTimeFormat(lang, { dateStyle: 'medium' });
  for (const note of notes) {
    const open = element('button', { type: 'button', className: 'link', textContent: note.title });
    open.addEventListener('click', () => openNote(note.id));
    const date = note.reviewBy ? format.format(new Date(`${note.reviewBy}T00:00:00`)) : '';
    list.append(element('li', {}, [open, element('span', { className: 'date', textContent: t('due.by', { date }) })]));
  }
}

async function showRecentPosts() {
  const c = await client();
  const list = $('promote-list');
  list.replaceChildren();
  const spaceId = $('promote-space').value;
  if (!spaceId) return;
  const page = await c.fetchFeedPage(spaceId, null, RECENT_POSTS).catch(() => ({ items: [] }));
  if (page.items.length === 0) list.append(element('li', { className: 'muted', textContent: t('promote.none') }));
  for (const post of page.items) {
    const promote = element('button', { type: 'button', textContent: t('promote.action') });
    promote.addEventListener('click', async () => {
      promote.disabled = true;
      $('promote-status').textContent = '';
      try {
        const note = await c.promote(post.id);
        $('promote-status').textContent = t('promote.done', { title: note.title });
        openNote(note.id);
      } catch (err) {
        $('promote-status').textContent = `${t('promote.failed')} ${c.errorMessage(err, lang)}`;
      } finally {
        promote.disabled = false;
      }
    });
    list.append(element('li', {}, [element('span', { textContent: `${post.author.displayName}: ${excerpt(post.body)}` }), promote]));
  }
}

async function showSpaces() {
  const select = $('promote-space');
  const spaces = (await (await client()).spaces().catch(() => [])).filter((s) => s.canPublish);
  select.replaceChildren(...spaces.map((s) => element('option', { value: s.id, textContent: s.name })));
  select.value = spaces.some((s) => s.id === DEFAULT_SPACE) ? DEFAULT_SPACE : (spaces[0]?.id ?? '');
}

async function refreshSide() {
  await showSpaces();
  await Promise.all([showDue(), showRecentPosts()]);
}

async function signIn(actorId) {
  $('user-switcher').value = actorId;
  // Development sign-in only (the reference server started with --auth dev).
  provider.setAttribute('token', `dev:${actorId}`);
  localStorage.setItem('ecotone-watch-user', actorId);
}

const res = await fetch('/api/v1/dev/actors');
const { items: actors } = await res.json();
$('user-switcher').replaceChildren(
  ...actors.map((a) => element('option', { value: a.id, textContent: `${a.displayName} (${a.site ?? '—'})` })),
);
provider.setAttribute('endpoint', location.origin);
applyLanguage(params.get('lang') ?? localStorage.getItem('ecotone-watch-lang') ?? 'fr');
const wanted = params.get('user') ?? localStorage.getItem('ecotone-watch-user') ?? DEFAULT_USER;
await signIn(actors.some((a) => a.id === wanted) ? wanted : actors[0].id);

await import('/sdk/ecotone.js');
await refreshSide();

$('search').addEventListener('eco-note-select', (event) => openNote(event.detail.noteId));
$('user-switcher').addEventListener('change', async () => {
  await signIn($('user-switcher').value);
  $('note').hidden = true;
  $('note-empty').hidden = false;
  await refreshSide();
});
$('language-switcher').addEventListener('change', async () => {
  applyLanguage($('language-switcher').value);
  await refreshSide();
});
$('promote-space').addEventListener('change', () => showRecentPosts());
