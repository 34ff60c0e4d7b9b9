/**
 * People for the mention tests: a fixed list, a search over it that ignores
 * accents and case as the server's does, and a client whose transport
 * answers `GET /api/v1/people` from that list.
 *
 * TEMPORARY (the transport part): MemoryTransport does not answer
 * `GET /people` yet (a change under way adds it). Once it does, delete
 * `PeopleTestTransport` and `backendWithPeople`, seed the people into the
 * memory world instead, and point the composer, comments and note tests at it.
 */
import { createClient, MemoryTransport, type EcotoneClient, type Transport, type TransportRequest } from '@ecotone/core';
import { peoplePath, type Actor, type Poll, type Post } from '@ecotone/protocol';
import { seed, type TestBackend } from './_test-fixtures.js';

export const lukas: Actor = { id: 'lukas', displayName: 'Lukas Weber', title: 'Controller', site: 'Basel', locale: 'de' };
export const lukasN: Actor = { id: 'nikola', displayName: 'Nikola Lukáš', title: 'Engineer', site: 'Brno', locale: 'en' };
export const priya: Actor = { id: 'priya', displayName: 'Priya Raman', site: 'Cambridge', locale: 'en' };
export const anna: Actor = { id: 'anna', displayName: 'Anna Müller', title: 'Correspondent', locale: 'de' };
export const PEOPLE: readonly Actor[] = [anna, lukas, lukasN, priya];

/** Letters without accents, lower case: how the server compares names. */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The people of `people` whose name holds `query`, accents and case ignored, by name. */
export function findPeople(people: readonly Actor[], query: string): Actor[] {
  const q = folded(query);
  return people.filter((p) => folded(p.displayName).includes(q)).sort((a, b) => a.displayName.localeCompare(b.displayName));
}

/** One people search the transport answered. */
export interface PeopleSearchSeen {
  q: string;
  spaceId: string | undefined;
  signal: AbortSignal | undefined;
}

/** A MemoryTransport that also answers `GET /api/v1/people` from a fixed list (see the file's note). */
export class PeopleTestTransport implements Transport {
  /** The people searches answered, oldest first. */
  readonly searches: PeopleSearchSeen[] = [];

  constructor(
    readonly inner: MemoryTransport,
    readonly people: readonly Actor[] = PEOPLE,
  ) {}

  get events$() {
    return this.inner.events$;
  }

  get status$() {
    return this.inner.status$;
  }

  request<T>(req: TransportRequest): Promise<T> {
    if (req.method !== 'GET' || req.path !== peoplePath()) return this.inner.request<T>(req);
    const q = String(req.query?.['q'] ?? '');
    const spaceId = req.query?.['spaceId'] === undefined ? undefined : String(req.query['spaceId']);
    this.searches.push({ q, spaceId, signal: req.signal });
    return Promise.resolve({ items: findPeople(this.people, q) } as T);
  }

  close(): void {
    this.inner.close();
  }
}

/** A real client over MemoryTransport, people search included (see the file's note). */
export function backendWithPeople(posts?: Post[], polls?: Poll[]): TestBackend & { people: PeopleTestTransport } {
  const transport = new MemoryTransport(seed(posts, polls));
  const people = new PeopleTestTransport(transport);
  const client: EcotoneClient = createClient({ transport: people, locale: 'en' });
  return { transport, client, people };
}
