// The IndexedDB globals idb needs (IDBRequest…); each test still opens its own factory.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { firstValueFrom, filter, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { commentsPath, feedPath, publishPath, reactionPath, spaceNotesPath, type Comment, type FeedPage, type KnowledgeNote, type LiveEvent, type Post } from '@ecotone/protocol';
import { createClient } from '../client.js';
import { openLocalTransport } from './local-open.js';
import { LocalTransport } from './local-transport.js';
import { DEMO_SPACE_ID } from './local-demo.js';
import { SnapshotError, WORLD_SNAPSHOT_VERSION } from './memory-snapshot.js';

let databases = 0;
/** A database of its own for each test, on a fresh fake IndexedDB unless one is given. */
function place(factory = new IDBFactory()) {
  return { indexedDB: factory, database: `local-test-${++databases}` };
}

async function feed(transport: LocalTransport, spaceId: string): Promise<Post[]> {
  return (await transport.request<FeedPage>({ method: 'GET', path: feedPath(spaceId) })).items;
}

describe('LocalTransport', () => {
  it('keeps spaces, posts, reactions, polls, comments and notes across a new transport on the same database', async () => {
    const where = place();
    const first = new LocalTransport({ ...where, person: { id: 'ada', displayName: 'Ada', locale: 'en' } });
    await first.ready;
    const space = await first.createSpace({ name: 'Garden club', description: 'Seeds and soil' });
    expect(space).toMatchObject({ id: 'garden-club', role: 'owner', canPublish: true });
    const post = await first.request<Post>({
      method: 'POST',
      path: publishPath(space.id),
      body: { body: 'First harvest', polls: [{ question: 'Tomatoes or beans?', mode: 'single', options: ['Tomatoes', 'Beans'] }] },
    });
    await first.request({ method: 'PUT', path: reactionPath(post.id, 'like') });
    const comment = await first.request<Comment>({ method: 'POST', path: commentsPath(post.id), body: { body: 'Well done' } });
    const note = await first.request<KnowledgeNote>({ method: 'POST', path: spaceNotesPath(space.id), body: { title: 'Watering', body: 'Mornings' } });
    first.close();

    const second = new LocalTransport({ ...where, person: { id: 'ada', displayName: 'Ada', locale: 'en' } });
    const [kept] = await feed(second, space.id);
    expect(kept).toMatchObject({ id: post.id, body: 'First harvest', commentCount: 1, reactions: { counts: { like: 1 }, mine: ['like'] } });
    expect(kept?.polls?.[0]?.question).toBe('Tomatoes or beans?');
    const comments = await second.request<{ items: Comment[] }>({ method: 'GET', path: commentsPath(post.id) });
    expect(comments.items.map((c) => c.id)).toEqual([comment.id]);
    expect(await second.request<KnowledgeNote>({ method: 'GET', path: `/api/v1/notes/${note.id}` })).toMatchObject({ title: 'Watering', canEdit: true });
    // Ids keep counting from where they were: nothing is reused.
    const next = await second.request<Post>({ method: 'POST', path: publishPath(space.id), body: { body: 'Second' } });
    expect(next.id).not.toBe(post.id);
    second.close();
  });

  it('seeds an empty database once, and never over what is there', async () => {
    const where = place();
    const first = await openLocalTransport({ ...where, seed: 'demo', person: { id: 'me', displayName: 'Me', locale: 'fr' } });
    const demo = await feed(first, DEMO_SPACE_ID);
    expect(demo.length).toBe(3);
    // In the person's language, with the colleagues' reactions and ballots kept as theirs.
    expect(demo.some((p) => p.body.includes('labo de prototypes'))).toBe(true);
    await first.request({ method: 'DELETE', path: `/api/v1/posts/${demo[0]!.id}` });
    first.close();
    const again = await openLocalTransport({ ...where, seed: 'demo', person: { id: 'me', displayName: 'Me', locale: 'fr' } });
    expect((await feed(again, DEMO_SPACE_ID)).length).toBe(2);
    again.close();
  });

  it('shares one world between transports on the same database: writes and live events of one reach the other', async () => {
    const where = place();
    const ada = await openLocalTransport({ ...where, person: { id: 'ada', displayName: 'Ada', locale: 'en' }, seed: 'demo' });
    const bob = ada.withPerson({ id: 'bob', displayName: 'Bob', locale: 'en' });
    await bob.ready;
    // Bob joins the open demo space, as another tab would.
    await bob.request({ method: 'POST', path: `/api/v1/spaces/${DEMO_SPACE_ID}/join` });
    const seenByBob = firstValueFrom(bob.events$.pipe(filter((e): e is Extract<LiveEvent, { type: 'post.created' }> => e.type === 'post.created')));
    const post = await ada.request<Post>({ method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: 'Hello from the first tab' } });
    // The event comes through the channel, shaped for Bob, and his reads see the post.
    expect((await seenByBob).post).toMatchObject({ id: post.id, reactions: { mine: [] } });
    expect((await feed(bob, DEMO_SPACE_ID))[0]?.id).toBe(post.id);

    const reactionSeenByAda = firstValueFrom(ada.events$.pipe(filter((e) => e.type === 'reaction.changed')));
    await bob.request({ method: 'PUT', path: reactionPath(post.id, 'like') });
    expect(await reactionSeenByAda).toMatchObject({ objectId: post.id, actorId: 'bob', active: true, counts: { like: 1 } });
    expect((await feed(ada, DEMO_SPACE_ID))[0]?.reactions).toMatchObject({ counts: { like: 1 }, mine: [] });
    // Bob is a person of the world now: he can be found, added, acted as.
    expect((await ada.people()).map((p) => p.id)).toContain('bob');
    ada.close();
    bob.close();
  });

  it('never loses a write when two transports write at once', async () => {
    const where = place();
    const a = await openLocalTransport({ ...where, person: { id: 'ada', displayName: 'Ada', locale: 'en' } });
    const space = await a.createSpace({ name: 'Busy' });
    const b = a.withPerson({ id: 'bo', displayName: 'Bo', locale: 'en' });
    await b.request({ method: 'POST', path: `/api/v1/spaces/${space.id}/join` });
    const writes = Array.from({ length: 10 }, (_, i) =>
      (i % 2 === 0 ? a : b).request<Post>({ method: 'POST', path: publishPath(space.id), body: { body: `post ${i}` } }),
    );
    const ids = (await Promise.all(writes)).map((p) => p.id);
    expect(new Set(ids).size).toBe(10);
    const fresh = await openLocalTransport({ ...where, person: { id: 'ada', displayName: 'Ada', locale: 'en' } });
    expect((await fresh.request<FeedPage>({ method: 'GET', path: feedPath(space.id), query: { limit: 50 } })).items.map((p) => p.body).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `post ${i}`).sort(),
    );
    for (const t of [a, b, fresh]) t.close();
  });

  it('exports the world as a versioned JSON file, and takes one back', async () => {
    const where = place();
    const t = await openLocalTransport({ ...where, seed: 'demo' });
    const json = await t.exportJson();
    const parsed = JSON.parse(json) as { format: string; version: number; spaces: { id: string }[]; people: { id: string }[] };
    expect(parsed).toMatchObject({ format: 'ecotone-world', version: WORLD_SNAPSHOT_VERSION });
    expect(parsed.spaces.map((s) => s.id)).toEqual([DEMO_SPACE_ID]);
    expect(parsed.people.map((p) => p.id)).toContain('local');
    const blob = await t.exportBlob();
    expect(blob.type).toBe('application/json');
    const { exportedAt: _a, ...fromBlob } = JSON.parse(await blob.text()) as Record<string, unknown>;
    const { exportedAt: _b, ...fromJson } = parsed as unknown as Record<string, unknown>;
    expect(fromBlob).toEqual(fromJson);

    const other = await openLocalTransport(place());
    expect(await feed(other, DEMO_SPACE_ID).catch((e: unknown) => e)).toMatchObject({ code: 'not_found' });
    const reset = firstValueFrom(other.events$.pipe(take(1)));
    await other.replaceWorld(json);
    expect(await reset).toEqual({ type: 'stream.reset' });
    expect((await feed(other, DEMO_SPACE_ID)).length).toBe(3);
    await expect(other.replaceWorld('{"format":"something-else"}')).rejects.toThrow(SnapshotError);
    await expect(other.replaceWorld({ ...JSON.parse(json), version: 99 } as never)).rejects.toThrow(/newer than this software reads/);
    expect((await feed(other, DEMO_SPACE_ID)).length).toBe(3);
    t.close();
    other.close();
  });

  it('runs in memory, without an error, where IndexedDB is missing or refused', async () => {
    const refusing = { open: () => { throw new DOMException('refused', 'SecurityError'); } } as unknown as IDBFactory;
    const t = await openLocalTransport({ indexedDB: refusing, database: 'nowhere', seed: 'demo' });
    const post = await t.request<Post>({ method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: 'kept in memory' } });
    expect((await feed(t, DEMO_SPACE_ID))[0]?.id).toBe(post.id);
    t.close();
  });

  it("backs createClient({ transport: 'local' }), loaded on first use", async () => {
    const where = place();
    const client = createClient({ transport: 'local', local: { ...where, seed: 'demo', person: { id: 'zoe', displayName: 'Zoé', locale: 'de' } } });
    const statuses = firstValueFrom(client.status$.pipe(take(1), toArray()));
    expect(await statuses).toEqual(['connecting']);
    const me = await client.me();
    expect(me.actor).toMatchObject({ id: 'zoe', displayName: 'Zoé' });
    expect(me.memberships).toEqual([expect.objectContaining({ spaceId: DEMO_SPACE_ID, actorId: 'zoe', role: 'owner' })]);
    const page = await client.fetchFeedPage(DEMO_SPACE_ID, null, 10);
    expect(page.items.some((p) => p.body.includes('Prototypen-Labor'))).toBe(true);
    client.close();
  });

  it('refuses a space without a name, and a taken id', async () => {
    const t = await openLocalTransport(place());
    await expect(t.createSpace({ name: '  ' })).rejects.toMatchObject({ code: 'validation_failed' });
    await t.createSpace({ name: 'Team', id: 'team' });
    await expect(t.createSpace({ name: 'Team again', id: 'team' })).rejects.toMatchObject({ code: 'conflict' });
    // Without an id, the name's slug is made unique.
    expect((await t.createSpace({ name: 'Team' })).id).toBe('team-2');
    t.close();
  });
});

describe('LocalTransport and the database it keeps', () => {
  it('lets go of the database when someone deletes it, and goes on in memory', async () => {
    const where = place();
    const t = await openLocalTransport({ ...where, seed: 'demo' });
    const deleted = new Promise<void>((resolve, reject) => {
      const request = where.indexedDB.deleteDatabase(where.database);
      request.onsuccess = () => resolve();
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the transport blocked the deletion'));
    });
    await deleted;
    const post = await t.request<Post>({ method: 'POST', path: publishPath(DEMO_SPACE_ID), body: { body: 'still here' } });
    expect((await feed(t, DEMO_SPACE_ID))[0]?.id).toBe(post.id);
    t.close();
  });
});
