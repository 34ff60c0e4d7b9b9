/**
 * Test helpers of the element tests: seed data, a real core client over
 * MemoryTransport, and small harnesses that hide shadow-DOM structure.
 */
import { createClient, MemoryTransport, type EcotoneClient, type MemorySeed } from '@ecotone/core';
import { peoplePath, type Actor, type Me, type Poll, type Post, type Space } from '@ecotone/protocol';

export const alice: Actor = { id: 'alice', displayName: 'Alice Martin', site: 'Lyon', locale: 'fr' };
export const bob: Actor = { id: 'bob', displayName: 'Bob Keller', site: 'Basel', locale: 'de' };

/** People to mention, known to the world of {@link backendWithPeople} (all spaces there are open: everyone may be mentioned). */
export const lukas: Actor = { id: 'lukas', displayName: 'Lukas Weber', title: 'Controller', site: 'Basel', locale: 'de' };
export const lukasN: Actor = { id: 'nikola', displayName: 'Nikola Lukáš', title: 'Engineer', site: 'Brno', locale: 'en' };
export const priya: Actor = { id: 'priya', displayName: 'Priya Raman', site: 'Cambridge', locale: 'en' };
export const anna: Actor = { id: 'anna', displayName: 'Anna Müller', title: 'Correspondent', locale: 'de' };
/** A former member: known, never offered, shown muted where mentioned. */
export const gina: Actor = { id: 'gina', displayName: 'Gina Rossi', locale: 'en', deactivated: true };
export const PEOPLE: readonly Actor[] = [anna, lukas, lukasN, priya, gina];

export const me: Me = {
  actor: alice,
  memberships: [
    { spaceId: 'news', actorId: 'alice', role: 'member' },
    { spaceId: 'board', actorId: 'alice', role: 'reader' },
  ],
  reactionKinds: ['like', 'celebrate', 'insightful', 'support'],
};

export const spaces: Space[] = [
  { id: 'news', name: 'News', description: 'Company news', visibility: 'open', locale: 'en', role: 'member', canPublish: true },
  { id: 'board', name: 'Board', description: 'Announcements', visibility: 'open', locale: 'en', role: 'reader', canPublish: false },
  { id: 'empty', name: 'Empty', description: 'Nothing yet', visibility: 'open', locale: 'en', role: 'member', canPublish: true },
];

const BASE_TIME_MS = Date.parse('2026-11-27T10:00:00Z');

/** A post in `news`, `n` minutes older than the newest. */
export function makePost(n: number, overrides: Partial<Post> = {}): Post {
  return {
    id: `p${n}`,
    spaceId: 'news',
    author: n % 2 ? bob : alice,
    kind: 'note',
    body: `Post number ${n}`,
    locale: 'en',
    createdAt: new Date(BASE_TIME_MS - n * 60_000).toISOString(),
    reactions: { objectId: `p${n}`, counts: { like: n === 1 ? 12 : 0 }, mine: [] },
    commentCount: 0,
    ...overrides,
  };
}

/** A standalone single-choice poll in `news` by Bob, three options, open, results always visible. */
export function makePoll(overrides: Partial<Poll> = {}): Poll {
  return {
    id: 'poll1',
    spaceId: 'news',
    postId: null,
    position: 0,
    authorId: 'bob',
    question: 'Where should the offsite be?',
    mode: 'single',
    options: [
      { id: 'o1', label: 'Lyon' },
      { id: 'o2', label: 'Basel' },
      { id: 'o3', label: 'Remote' },
    ],
    maxChoices: 1,
    anonymous: false,
    resultsVisibility: 'always',
    closesAt: null,
    closedAt: null,
    myBallot: null,
    canClose: false,
    ...overrides,
  };
}

/** The options of a scale poll from `min` to `max`. */
export function scaleOptions(min: 0 | 1, max: 5 | 10): Poll['options'] {
  return Array.from({ length: max - min + 1 }, (_, i) => ({ id: String(min + i), label: String(min + i) }));
}

export function seed(posts: Post[] = [makePost(1), makePost(2), makePost(3)], polls: Poll[] = []): MemorySeed {
  return { me: structuredClone(me), spaces: structuredClone(spaces), posts, polls };
}

export interface TestBackend {
  transport: MemoryTransport;
  client: EcotoneClient;
}

/** A real client over an in-memory backend. */
export function backend(posts?: Post[], polls?: Poll[]): TestBackend {
  const transport = new MemoryTransport(seed(posts, polls));
  const client = createClient({ transport, locale: 'en' });
  return { transport, client };
}

/** A real client over an in-memory backend that also knows {@link PEOPLE} (people search, mentions, person cards). */
export function backendWithPeople(posts?: Post[], polls?: Poll[]): TestBackend {
  const transport = new MemoryTransport({ ...seed(posts, polls), people: structuredClone([...PEOPLE]) });
  const client = createClient({ transport, locale: 'en' });
  return { transport, client };
}

/** The people searches a transport was asked, oldest first. */
export function peopleSearches(transport: MemoryTransport): { q: string; spaceId: string | undefined }[] {
  return transport.requests
    .filter((r) => r.method === 'GET' && r.path === peoplePath())
    .map((r) => ({ q: String(r.query?.['q']), spaceId: r.query?.['spaceId'] === undefined ? undefined : String(r.query['spaceId']) }));
}

/**
 * French and German strings load lazily: waits for `lang`'s to arrive and for
 * the element's re-render that their arrival must trigger by itself.
 */
export async function localeLoaded(client: EcotoneClient, el: { updateComplete: Promise<boolean> }, lang?: string) {
  if (lang && lang !== 'en') await client.loadLocale(lang);
  await el.updateComplete;
}

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Waits until `check` returns a truthy value (polling each frame), or throws after `timeoutMs`. */
export async function until<T>(check: () => T, message = 'condition', timeoutMs = 15_000): Promise<NonNullable<T>> {
  const start = performance.now();
  for (;;) {
    const value = check();
    if (value) return value as NonNullable<T>;
    if (performance.now() - start > timeoutMs) throw new Error(`Timed out waiting for ${message}`);
    await new Promise((resolve) => requestAnimationFrame(resolve));
  }
}

/** Records events of one type dispatched on (or bubbling to) a target. */
export function spyEvents<K extends keyof GlobalEventHandlersEventMap>(target: EventTarget, type: K) {
  const events: GlobalEventHandlersEventMap[K][] = [];
  target.addEventListener(type, (e) => events.push(e as GlobalEventHandlersEventMap[K]));
  return events;
}

/** `shadowRoot.querySelector` that fails loudly. */
export function shadow<E extends Element = HTMLElement>(host: Element, selector: string): E {
  const found = host.shadowRoot?.querySelector<E>(selector);
  if (!found) throw new Error(`No ${selector} in <${host.localName}>`);
  return found;
}

/**
 * Whether the letters of an element's text stand left to right on screen, as
 * a reader sees them: the bidi algorithm of the real browser, measured. A
 * right-to-left override that leaks from a neighbour reverses them.
 */
export function laidOutLeftToRight(element: Element): boolean {
  const lefts: number[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    for (let i = 0; i < text.length; i++) {
      if (!/\p{L}/u.test(text[i]!)) continue;
      const range = document.createRange();
      range.setStart(node, i);
      range.setEnd(node, i + 1);
      lefts.push(range.getBoundingClientRect().left);
    }
  }
  return lefts.length > 1 && lefts.every((left, i) => i === 0 || left > lefts[i - 1]!);
}

/**
 * Normalised visible text of a node, shadow roots included (open ones).
 * Directional isolates (U+2066–U+2069) around names in sentences show
 * nothing, so they are not part of it.
 */
export function textOf(node: Node): string {
  const parts: string[] = [];
  const walk = (n: Node) => {
    if (n.nodeType === Node.TEXT_NODE) parts.push(n.textContent ?? '');
    if (n instanceof Element && n.shadowRoot) walk(n.shadowRoot);
    n.childNodes.forEach(walk);
  };
  walk(node);
  return parts.join(' ').replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
}
