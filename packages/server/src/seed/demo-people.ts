import type { Locale, Role, Visibility } from '@ecotone/protocol';

/**
 * Demo people (dev tokens are `dev:<id>`):
 *
 * | id      | name              | site      | locale | notes                                  |
 * |---------|-------------------|-----------|--------|----------------------------------------|
 * | amelie  | Amélie Durand     | Lyon      | fr     | internal comms, owns general/announcements/lyon-site |
 * | thomas  | Thomas Moreau     | Lyon      | fr     | correspondent of lyon-site             |
 * | camille | Camille Bernard   | Lyon      | fr     | member of rnd-oncology                 |
 * | julien  | Julien Lefèvre    | Lyon      | fr     | owns security-watch (secret)           |
 * | lukas   | Lukas Meier       | Basel     | de     | owns basel-site, in security-watch     |
 * | anna    | Anna Keller       | Basel     | de     | correspondent of basel-site, rnd-oncology member |
 * | jonas   | Jonas Brunner     | Basel     | de     | reader in rnd-oncology                 |
 * | sophie  | Sophie Graf       | Basel     | de     | member of basel-site                   |
 * | priya   | Priya Raman       | Cambridge | en     | owns rnd-oncology (private)            |
 * | oliver  | Oliver Hughes     | Cambridge | en     | in security-watch, correspondent of cambridge-site |
 * | hannah  | Hannah Clarke     | Cambridge | en     | owns cambridge-site, correspondent of general |
 * | marco   | Marco Rossi       | Basel     | en     | reader everywhere he belongs (cannot publish) |
 */
export interface DemoPerson {
  id: string;
  displayName: string;
  site: string;
  locale: Locale;
  title: string;
}

/** Each demo site's IANA time zone: a person card shows the person's local time. */
export const DEMO_SITE_TIME_ZONES: Readonly<Record<string, string>> = {
  Lyon: 'Europe/Paris',
  Basel: 'Europe/Zurich',
  Cambridge: 'Europe/London',
};

export const DEMO_PEOPLE: readonly DemoPerson[] = [
  { id: 'amelie', displayName: 'Amélie Durand', site: 'Lyon', locale: 'fr', title: 'Head of Internal Communications' },
  { id: 'thomas', displayName: 'Thomas Moreau', site: 'Lyon', locale: 'fr', title: 'Process Engineer' },
  { id: 'camille', displayName: 'Camille Bernard', site: 'Lyon', locale: 'fr', title: 'Quality Assurance Manager' },
  { id: 'julien', displayName: 'Julien Lefèvre', site: 'Lyon', locale: 'fr', title: 'IT Security Officer' },
  { id: 'lukas', displayName: 'Lukas Meier', site: 'Basel', locale: 'de', title: 'Site Director' },
  { id: 'anna', displayName: 'Anna Keller', site: 'Basel', locale: 'de', title: 'Clinical Research Associate' },
  { id: 'jonas', displayName: 'Jonas Brunner', site: 'Basel', locale: 'de', title: 'Laboratory Technician' },
  { id: 'sophie', displayName: 'Sophie Graf', site: 'Basel', locale: 'de', title: 'Regulatory Affairs Specialist' },
  { id: 'priya', displayName: 'Priya Raman', site: 'Cambridge', locale: 'en', title: 'Principal Scientist, Oncology' },
  { id: 'oliver', displayName: 'Oliver Hughes', site: 'Cambridge', locale: 'en', title: 'Data Engineer' },
  { id: 'hannah', displayName: 'Hannah Clarke', site: 'Cambridge', locale: 'en', title: 'Community Correspondent' },
  { id: 'marco', displayName: 'Marco Rossi', site: 'Basel', locale: 'en', title: 'Visiting Scientist' },
];

export interface DemoSpace {
  id: string;
  name: string;
  description: string;
  visibility: Visibility;
  site?: string;
  locale: Locale;
  /** Roles by person id. */
  members: Readonly<Record<string, Role>>;
  /** How many of the demo posts go here. */
  postCount: number;
  /** Its classification label, for a server started with the demo's (examples/classification.json). */
  label?: string;
}

const everyone = (roles: Readonly<Record<string, Role>>): Record<string, Role> =>
  Object.fromEntries(DEMO_PEOPLE.map((p) => [p.id, roles[p.id] ?? 'member']));

/**
 * Demo spaces, one or more of each visibility:
 * - general (open): everyone; amelie owner; hannah and lukas correspondents; marco reader.
 * - announcements (open): amelie owner; hannah, lukas correspondents; everyone else reader.
 * - lyon-site, basel-site, cambridge-site (open): the site's people.
 * - rnd-oncology (private, listed): priya owner, anna, camille, oliver members, jonas reader.
 * - security-watch (secret, unlisted): julien owner, lukas and oliver members.
 * - tech-watch (open, no site): technology watch as knowledge notes; julien
 *   owner, lukas correspondent, oliver, priya, anna, amelie, thomas members, marco reader.
 */
export const DEMO_SPACES: readonly DemoSpace[] = [
  {
    id: 'general',
    name: 'General',
    description: 'Company-wide news and conversation, in every language.',
    visibility: 'open',
    locale: 'en',
    members: everyone({ amelie: 'owner', hannah: 'correspondent', lukas: 'correspondent', marco: 'reader' }),
    postCount: 34,
  },
  {
    id: 'announcements',
    name: 'Announcements',
    description: 'Official announcements from the communications team and site correspondents.',
    visibility: 'open',
    locale: 'en',
    members: everyone({ amelie: 'owner', hannah: 'correspondent', lukas: 'correspondent', ...readers() }),
    // Plus the news article of the intranet example (NEWS_POST in demo.ts).
    postCount: 8,
  },
  {
    id: 'lyon-site',
    name: 'Site de Lyon',
    description: 'La vie du site de Lyon : travaux, cantine, événements et entraide.',
    visibility: 'open',
    site: 'Lyon',
    locale: 'fr',
    members: { amelie: 'owner', thomas: 'correspondent', camille: 'member', julien: 'member' },
    postCount: 25,
  },
  {
    id: 'basel-site',
    name: 'Standort Basel',
    description: 'Neuigkeiten, Veranstaltungen und Fragen rund um den Standort Basel.',
    visibility: 'open',
    site: 'Basel',
    locale: 'de',
    members: { lukas: 'owner', anna: 'correspondent', jonas: 'member', sophie: 'member', marco: 'reader' },
    postCount: 25,
  },
  {
    id: 'cambridge-site',
    name: 'Cambridge Campus',
    description: 'What is happening on the Cambridge campus: seminars, socials and facilities.',
    visibility: 'open',
    site: 'Cambridge',
    locale: 'en',
    members: { hannah: 'owner', oliver: 'correspondent', priya: 'member' },
    postCount: 25,
  },
  {
    id: 'rnd-oncology',
    name: 'R&D Oncology',
    description: 'Cross-site oncology research: study updates, papers and lab coordination.',
    visibility: 'private',
    locale: 'en',
    members: { priya: 'owner', anna: 'member', camille: 'member', oliver: 'member', jonas: 'reader' },
    postCount: 20,
    label: 'internal',
  },
  {
    id: 'security-watch',
    name: 'Security Watch',
    description: 'Veille sécurité : vulnérabilités, incidents et bonnes pratiques. Ne pas diffuser.',
    visibility: 'secret',
    locale: 'fr',
    members: { julien: 'owner', lukas: 'member', oliver: 'member' },
    postCount: 12,
    label: 'restricted',
  },
  {
    id: 'tech-watch',
    name: 'Tech Watch',
    description: 'Technology watch across sites, captured as knowledge notes in every language.',
    visibility: 'open',
    locale: 'en',
    members: {
      julien: 'owner', lukas: 'correspondent', oliver: 'member', priya: 'member', anna: 'member',
      amelie: 'member', thomas: 'member', marco: 'reader',
    },
    // Its content is knowledge notes (demo-notes.ts), not posts.
    postCount: 0,
  },
];

function readers(): Record<string, Role> {
  return Object.fromEntries(
    DEMO_PEOPLE.filter((p) => !['amelie', 'hannah', 'lukas'].includes(p.id)).map((p) => [p.id, 'reader' as Role]),
  );
}

export interface DemoJoinRequest {
  spaceId: string;
  actorId: string;
  message: string;
  /** How long before the seed's `now` it was made, in hours. */
  hoursAgo: number;
}

/**
 * Requests awaiting priya, owner of the private rnd-oncology space, so that a
 * demo has something to approve or decline: marco (a visiting scientist) and
 * sophie (regulatory affairs), each in their own language.
 */
export const DEMO_JOIN_REQUESTS: readonly DemoJoinRequest[] = [
  {
    spaceId: 'rnd-oncology',
    actorId: 'marco',
    message: 'I am working with the Basel cell-therapy lab until March and would like to follow the study updates.',
    hoursAgo: 26,
  },
  {
    spaceId: 'rnd-oncology',
    actorId: 'sophie',
    message: 'Für die Zulassungsunterlagen der Studie würde ich gern die Updates mitlesen.',
    hoursAgo: 3,
  },
];
