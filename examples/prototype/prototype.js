// The only script of the prototype page: a space built with no server at all.
// The client runs on the local backend (openLocalTransport: the protocol in
// the browser, kept in IndexedDB and shared by the tabs of this origin); the
// Ecotone elements do the rest. It writes text with textContent only: under
// Trusted Types, HTML sinks are closed to it.
import { createClient, openLocalTransport } from '/sdk/ecotone.js';

const KEPT = 'ecotone-prototype';

const pageStrings = {
  en: {
    brand: 'Prototype lab', note: 'No server: everything stays in this browser until you export it.',
    'controls.person': 'Acting as', 'controls.language': 'Language', 'controls.export': 'Export',
    'spaces.title': 'Spaces', 'spaces.current': 'Space shown', 'spaces.join': 'Join this space',
    'spaces.new': 'New space', 'spaces.name': 'Name', 'spaces.visibility': 'Who may read it', 'spaces.create': 'Create the space',
    'visibility.open': 'Everyone (open)', 'visibility.private': 'Members; others may ask to join (private)',
    'visibility.secret': 'Members only, hidden from others (secret)',
    'people.title': 'People', 'people.hint': 'Add colleagues to try the space as several people.',
    'people.name': 'Name', 'people.add': 'Add and act as them',
    'feed.title': 'Posts', 'notes.title': 'Notes', 'notes.name': 'Title', 'notes.body': 'Text', 'notes.save': 'Save the note',
    'person.default': 'Me', 'space.none': 'No space yet: create one.', 'space.notMember': '{name} (not a member)',
    'status.spaceCreated': 'Space “{name}” created.', 'status.personAdded': 'You now act as {name}.',
    'status.joined': 'You joined “{name}”.', 'status.noteSaved': 'Note “{title}” saved.',
    'status.exported': 'Exported as {file}. The reference server imports it: ecotone import {file} --db …',
    'status.failed': 'That did not work: {error}',
  },
  fr: {
    brand: 'Labo de prototypes', note: 'Aucun serveur : tout reste dans ce navigateur jusqu’à l’export.',
    'controls.person': 'Vous agissez en tant que', 'controls.language': 'Langue', 'controls.export': 'Exporter',
    'spaces.title': 'Espaces', 'spaces.current': 'Espace affiché', 'spaces.join': 'Rejoindre cet espace',
    'spaces.new': 'Nouvel espace', 'spaces.name': 'Nom', 'spaces.visibility': 'Qui peut le lire', 'spaces.create': 'Créer l’espace',
    'visibility.open': 'Tout le monde (ouvert)', 'visibility.private': 'Les membres ; les autres peuvent demander (privé)',
    'visibility.secret': 'Les membres seulement, invisible des autres (secret)',
    'people.title': 'Personnes', 'people.hint': 'Ajoutez des collègues pour essayer l’espace à plusieurs.',
    'people.name': 'Nom', 'people.add': 'Ajouter et agir en son nom',
    'feed.title': 'Messages', 'notes.title': 'Notes', 'notes.name': 'Titre', 'notes.body': 'Texte', 'notes.save': 'Enregistrer la note',
    'person.default': 'Moi', 'space.none': 'Aucun espace pour l’instant : créez-en un.', 'space.notMember': '{name} (non membre)',
    'status.spaceCreated': 'Espace « {name} » créé.', 'status.personAdded': 'Vous agissez maintenant en tant que {name}.',
    'status.joined': 'Vous avez rejoint « {name} ».', 'status.noteSaved': 'Note « {title} » enregistrée.',
    'status.exported': 'Exporté dans {file}. Le serveur de référence l’importe : ecotone import {file} --db …',
    'status.failed': 'Cela n’a pas fonctionné : {error}',
  },
  de: {
    brand: 'Prototypen-Labor', note: 'Kein Server: Alles bleibt in diesem Browser, bis Sie es exportieren.',
    'controls.person': 'Sie handeln als', 'controls.language': 'Sprache', 'controls.export': 'Exportieren',
    'spaces.title': 'Bereiche', 'spaces.current': 'Angezeigter Bereich', 'spaces.join': 'Diesem Bereich beitreten',
    'spaces.new': 'Neuer Bereich', 'spaces.name': 'Name', 'spaces.visibility': 'Wer ihn lesen darf', 'spaces.create': 'Bereich anlegen',
    'visibility.open': 'Alle (offen)', 'visibility.private': 'Mitglieder; andere können anfragen (privat)',
    'visibility.secret': 'Nur Mitglieder, für andere unsichtbar (geheim)',
    'people.title': 'Personen', 'people.hint': 'Fügen Sie Kolleginnen und Kollegen hinzu, um den Bereich zu mehreren zu testen.',
    'people.name': 'Name', 'people.add': 'Hinzufügen und als diese Person handeln',
    'feed.title': 'Beiträge', 'notes.title': 'Notizen', 'notes.name': 'Titel', 'notes.body': 'Text', 'notes.save': 'Notiz speichern',
    'person.default': 'Ich', 'space.none': 'Noch kein Bereich: Legen Sie einen an.', 'space.notMember': '{name} (kein Mitglied)',
    'status.spaceCreated': 'Bereich „{name}“ angelegt.', 'status.personAdded': 'Sie handeln jetzt als {name}.',
    'status.joined': 'Sie sind „{name}“ beigetreten.', 'status.noteSaved': 'Notiz „{title}“ gespeichert.',
    'status.exported': 'Exportiert als {file}. Der Referenzserver importiert sie: ecotone import {file} --db …',
    'status.failed': 'Das hat nicht geklappt: {error}',
  },
};

const $ = (id) => document.getElementById(id);
let provider;
const params = new URLSearchParams(location.search);
/** What the page keeps between visits: the language, the person acted as, the space shown. */
const kept = (() => {
  try {
    return JSON.parse(localStorage.getItem(KEPT) ?? '{}') ?? {};
  } catch {
    return {};
  }
})();
const keep = (patch) => localStorage.setItem(KEPT, JSON.stringify(Object.assign(kept, patch)));

let lang = 'en';
let transport;
let client;
let spaces = [];

const t = (key, vars = {}) => (pageStrings[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, name) => String(vars[name] ?? ''));
const say = (key, vars) => ($('status').textContent = t(key, vars));
const failed = (error) => say('status.failed', { error: client?.errorMessage(error, lang) ?? String(error) });

function element(tag, props = {}) {
  return Object.assign(document.createElement(tag), props);
}

function applyLanguage(next) {
  lang = pageStrings[next] ? next : 'en';
  document.documentElement.lang = lang;
  $('language-switcher').value = lang;
  provider?.setAttribute('lang', lang);
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  keep({ lang });
}

/** Acts as `person` from now on: a transport and a client of theirs, given to every element. */
async function actAs(person) {
  const next = transport ? transport.withPerson(person) : await openLocalTransport({ person, seed: 'demo' });
  await next.ready;
  const previous = client;
  transport = next;
  client = createClient({ transport, locale: lang });
  if (!provider) mount();
  provider.client = client;
  // Its transport goes with it; the provider never closes a client it was given.
  previous?.close();
  keep({ person: next.actor });
  await Promise.all([showPeople(), showSpaces()]);
}

/** Listens to the forms and elements of the page's main part, once it is in the page. */
function wire() {
  $('new-space').addEventListener('submit', async (event) => {
    event.preventDefault();
    const name = $('space-name').value;
    try {
      const space = await transport.createSpace({ name, visibility: $('space-visibility').value, locale: lang });
      $('space-name').value = '';
      await showSpaces(space.id);
      say('status.spaceCreated', { name: space.name });
    } catch (error) {
      failed(error);
    }
  });

  $('new-person').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const person = await transport.addPerson({ displayName: $('person-name').value, locale: lang });
      $('person-name').value = '';
      await actAs(person);
      say('status.personAdded', { name: person.displayName });
    } catch (error) {
      failed(error);
    }
  });

  $('join').addEventListener('click', async () => {
    const space = spaces.find((s) => s.id === $('space-switcher').value);
    if (!space) return;
    try {
      await client.joinSpace(space.id);
      await showSpaces(space.id);
      say('status.joined', { name: space.name });
    } catch (error) {
      failed(error);
    }
  });

  $('new-note').addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      const note = await client.saveNote(null, { spaceId: $('space-switcher').value, title: $('note-title').value, body: $('note-body').value });
      $('note-title').value = '';
      $('note-body').value = '';
      $('note').setAttribute('note', note.id);
      $('note').hidden = false;
      say('status.noteSaved', { title: note.title });
    } catch (error) {
      failed(error);
    }
  });

  $('search').addEventListener('eco-note-select', (event) => {
    $('note').setAttribute('note', event.detail.noteId);
    $('note').hidden = false;
  });

  $('space-switcher').addEventListener('change', showSpace);
}

/** Puts the elements in the page, with the client given to their provider before any of them connects. */
function mount() {
  const app = document.importNode($('app').content, true);
  provider = app.getElementById('provider');
  provider.client = client;
  provider.setAttribute('lang', lang);
  document.body.insertBefore(app, $('status'));
  wire();
  applyLanguage(lang);
}

async function showPeople() {
  const people = await transport.people();
  $('person-switcher').replaceChildren(...people.map((p) => element('option', { value: p.id, textContent: p.displayName })));
  $('person-switcher').value = transport.actor.id;
}

async function showSpaces(chosen = kept.space) {
  spaces = await client.spaces();
  // The person's own spaces first, then the others they may see.
  spaces.sort((a, b) => Number(b.role !== null) - Number(a.role !== null) || a.name.localeCompare(b.name));
  const select = $('space-switcher');
  select.replaceChildren(
    ...spaces.map((s) => element('option', { value: s.id, textContent: s.role ? s.name : t('space.notMember', { name: s.name }) })),
  );
  if (spaces.length === 0) select.append(element('option', { value: '', textContent: t('space.none') }));
  select.value = spaces.some((s) => s.id === chosen) ? chosen : (spaces[0]?.id ?? '');
  showSpace();
}

function showSpace() {
  const space = spaces.find((s) => s.id === $('space-switcher').value);
  $('space-label').textContent = space ? `· ${space.name}` : '';
  $('join').hidden = !space || space.role !== null;
  for (const id of ['composer', 'feed']) {
    if (space) $(id).setAttribute('space', space.id);
    else $(id).removeAttribute('space');
  }
  $('composer').hidden = !space?.canPublish;
  $('search').space = space?.id;
  $('new-note').hidden = !space?.canPublish;
  $('note').hidden = true;
  if (space) keep({ space: space.id });
}

$('export').addEventListener('click', async () => {
  try {
    const blob = await transport.exportBlob();
    const file = `ecotone-world-${new Date().toISOString().slice(0, 10)}.json`;
    const link = element('a', { href: URL.createObjectURL(blob), download: file });
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
    say('status.exported', { file });
  } catch (error) {
    failed(error);
  }
});

$('person-switcher').addEventListener('change', async () => {
  const people = await transport.people();
  const person = people.find((p) => p.id === $('person-switcher').value);
  if (person) await actAs(person).catch(failed);
});
$('language-switcher').addEventListener('change', async () => {
  // The provider passes the language on to the client.
  applyLanguage($('language-switcher').value);
  await showSpaces($('space-switcher').value);
});

applyLanguage(params.get('lang') ?? kept.lang ?? navigator.language.slice(0, 2));
await actAs(kept.person ?? { id: 'local', displayName: t('person.default'), locale: lang }).catch(failed);
