import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Comment, Post } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { uploadFile } from '../files/_test-upload.js';
import { auditEntries, auditLine, verifyAudit, type AuditEntry } from './audit-log.js';
import { entryHash, GENESIS_HASH } from './chain.js';
import { pruneAudit } from './retention.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

const MEMBERS = ['thomas', 'camille', 'julien', 'priya', 'oliver'];
const ACTIONS = 1_000;

async function allEntries(server: TestServer): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for await (const entry of auditEntries(server.db)) entries.push(entry);
  return entries;
}

describe('the audit trail', () => {
  let server: TestServer;
  /** What the random actions did, by audit action, as the test counted them. */
  const done = new Map<string, number>();
  let before = 0;

  beforeAll(async () => {
    // No rate limits: one person makes hundreds of changes in a few seconds here.
    server = await startTestServer({ rateLimits: false });
  });
  afterAll(() => server.close());

  it(`records ${ACTIONS} random actions as ${ACTIONS} chained entries, each naming who did what`, async () => {
    // Sign-ins of the people the test acts as, first: each is recorded once.
    for (const id of [...MEMBERS, 'amelie']) expect((await server.json(`/api/v1/me`, { as: id })).status).toBe(200);
    before = (await allEntries(server)).length;
    const next = random(17);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)]!;
    let actions = 0;
    /** One more action done (a skipped turn, whose target went with a deleted post, is not one). */
    const count = (action: string) => {
      done.set(action, (done.get(action) ?? 0) + 1);
      if (action !== 'skip') actions += 1;
    };
    const posts: { id: string; author: string }[] = [];
    const comments: { id: string; author: string }[] = [];
    let correspondent = false;
    for (let i = 0; actions < ACTIONS; i++) {
      const roll = next();
      const author = pick(MEMBERS);
      if (roll < 0.3 || posts.length === 0) {
        const res = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: author, body: { body: `Audited post ${i}` } });
        expect(res.status).toBe(201);
        posts.push({ id: res.body.id, author });
        count('post.publish');
      } else if (roll < 0.45) {
        const post = pick(posts);
        expect((await server.json(`/api/v1/posts/${post.id}`, { method: 'PATCH', as: post.author, body: { body: `Edited ${i}` } })).status).toBe(200);
        count('post.edit');
      } else if (roll < 0.55) {
        const post = posts.splice(Math.floor(next() * posts.length), 1)[0]!;
        expect((await server.api(`/api/v1/posts/${post.id}`, { method: 'DELETE', as: post.author })).status).toBe(204);
        count('post.delete');
      } else if (roll < 0.75) {
        const res = await server.json<Comment>(`/api/v1/posts/${pick(posts).id}/comments`, { method: 'POST', as: author, body: { body: `Comment ${i}` } });
        expect(res.status).toBe(201);
        comments.push({ id: res.body.id, author });
        count('comment.create');
      } else if (roll < 0.85 && comments.length > 0) {
        const comment = pick(comments);
        const res = await server.api(`/api/v1/comments/${comment.id}`, { method: 'PATCH', as: comment.author, body: { body: `Comment edited ${i}` } });
        // Its post may be gone since, and the comment with it.
        if (res.status === 404) count('skip');
        else {
          expect(res.status).toBe(200);
          count('comment.edit');
        }
      } else if (roll < 0.9 && comments.length > 0) {
        const comment = comments.splice(Math.floor(next() * comments.length), 1)[0]!;
        const res = await server.api(`/api/v1/comments/${comment.id}`, { method: 'DELETE', as: comment.author });
        if (res.status === 404) count('skip');
        else {
          expect(res.status).toBe(204);
          count('comment.delete');
        }
      } else {
        // The owner of Lyon makes Camille a correspondent, or a member again.
        correspondent = !correspondent;
        const res = await server.json('/api/v1/spaces/lyon-site/members/camille', { method: 'PUT', as: 'amelie', body: { role: correspondent ? 'correspondent' : 'member' } });
        expect(res.status).toBe(200);
        count('member.role');
      }
    }
    const entries = (await allEntries(server)).slice(before);
    const recorded = new Map<string, number>();
    for (const entry of entries) recorded.set(entry.action, (recorded.get(entry.action) ?? 0) + 1);
    const expected = new Map(done);
    expected.delete('skip');
    expect(Object.fromEntries(recorded)).toEqual(Object.fromEntries(expected));
    expect(entries).toHaveLength(ACTIONS);
    // Numbered without gaps, each linked to the one before.
    const all = await allEntries(server);
    all.forEach((entry, i) => {
      expect(entry.seq).toBe(i + 1);
      expect(entry.prev_hash).toBe(i === 0 ? GENESIS_HASH : all[i - 1]!.hash);
      expect(entry.hash).toBe(entryHash(entry));
    });
    const role = entries.find((e) => e.action === 'member.role')!;
    expect(role).toMatchObject({ actor_id: 'amelie', target_type: 'person', target_id: 'camille', space_id: 'lyon-site' });
    expect(JSON.parse(role.detail)).toEqual({ role: 'correspondent' });
    const deleted = entries.find((e) => e.action === 'post.delete')!;
    expect(deleted.space_id).toBe('general');
    expect(JSON.parse(deleted.detail)).toEqual({ authorId: deleted.actor_id });
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true, entries: all.length, lastSeq: all.length, lastHash: all.at(-1)!.hash });
  }, 300_000);

  it('records the server starting, each token signed in once, and refused tokens at most once a minute per address and reason', async () => {
    const start = (await allEntries(server)).find((e) => e.action === 'server.start')!;
    expect(JSON.parse(start.detail)).toMatchObject({ auth: 'dev', egress: 'off' });
    const signIns = (await allEntries(server)).filter((e) => e.action === 'auth.sign_in' && e.actor_id === 'thomas');
    expect(signIns).toHaveLength(1);
    const refusedBefore = (await allEntries(server)).filter((e) => e.action === 'auth.refused').length;
    for (let i = 0; i < 5; i++) expect((await server.json('/api/v1/me', { token: 'dev:nobody-here' })).status).toBe(401);
    const refused = (await allEntries(server)).filter((e) => e.action === 'auth.refused');
    expect(refused.length - refusedBefore).toBe(1);
    expect(JSON.parse(refused.at(-1)!.detail)).toMatchObject({ reason: 'Unknown development actor' });
    // A request without any token is not a refused token.
    expect((await server.json('/api/v1/me', { as: null })).status).toBe(401);
    expect((await allEntries(server)).filter((e) => e.action === 'auth.refused')).toHaveLength(refused.length);
  });

  it('records an upload with its type decided by the bytes, and names its files in the post that carries them', async () => {
    const file = await uploadFile(server, 'thomas', new TextEncoder().encode('Minutes of the site meeting\n'), 'minutes.txt');
    const uploaded = (await allEntries(server)).filter((e) => e.action === 'file.upload').at(-1)!;
    expect(uploaded).toMatchObject({ actor_id: 'thomas', target_type: 'file', target_id: file.id, space_id: 'general' });
    expect(JSON.parse(uploaded.detail)).toMatchObject({ kind: 'document', mediaType: 'text/plain', name: 'minutes.txt' });
    const post = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: 'thomas', body: { body: 'The minutes', attachments: [{ file: file.id }] } });
    expect(post.status).toBe(201);
    const published = (await allEntries(server)).find((e) => e.action === 'post.publish' && e.target_id === post.body.id)!;
    expect(JSON.parse(published.detail)).toEqual({ kind: 'note', files: [file.id] });
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true });
  });

  it('names the first broken entry when a row is changed, re-hashed or deleted in the database', async () => {
    const all = await allEntries(server);
    const victim = all[Math.floor(all.length / 2)]!;
    // Changed in place.
    await server.db.updateTable('audit_log').set({ detail: '{"role":"owner"}' }).where('seq', '=', victim.seq).execute();
    expect(await verifyAudit(server.db)).toMatchObject({ ok: false, brokenSeq: victim.seq, entries: victim.seq - 1 });
    // Changed, and its own hash made again: the next entry no longer follows it.
    const forged = { ...victim, detail: '{"role":"owner"}' };
    await server.db.updateTable('audit_log').set({ hash: entryHash(forged) }).where('seq', '=', victim.seq).execute();
    expect(await verifyAudit(server.db)).toMatchObject({ ok: false, brokenSeq: victim.seq + 1 });
    // Put back: the chain holds again.
    await server.db.updateTable('audit_log').set({ detail: victim.detail, hash: victim.hash }).where('seq', '=', victim.seq).execute();
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true });
    // Deleted.
    await server.db.deleteFrom('audit_log').where('seq', '=', victim.seq).execute();
    const broken = await verifyAudit(server.db);
    expect(broken).toMatchObject({ ok: false, brokenSeq: victim.seq });
    expect(broken.ok === false && broken.reason).toContain(`entry ${victim.seq} is missing`);
    await server.db.insertInto('audit_log').values(victim).execute();
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true });
  });

  it('deletes entries older than the retention from the start of the chain, records it, and still verifies from the first entry kept', async () => {
    const all = await allEntries(server);
    const newest = all.at(-1)!;
    // Ten days on, a five-day retention: every entry goes but the newest, the chain's head.
    expect(await pruneAudit(server.db, new Date(Date.parse(newest.at) + 10 * 86_400_000), 5)).toBe(all.length - 1);
    const kept = await allEntries(server);
    expect(kept.map((e) => e.seq)).toEqual([newest.seq, newest.seq + 1]);
    expect(kept[1]).toMatchObject({ action: 'audit.pruned', actor_id: null });
    expect(JSON.parse(kept[1]!.detail)).toMatchObject({ throughSeq: newest.seq - 1, lastHash: newest.prev_hash, retentionDays: 5, entries: all.length - 1 });
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true, entries: 2, lastSeq: newest.seq + 1 });
    // The next run: the old head goes too, now that the trail has a newer one; the retention's own entries stay.
    const later = new Date(Date.parse(newest.at) + 10 * 86_400_000);
    expect(await pruneAudit(server.db, later, 5)).toBe(1);
    expect(await pruneAudit(server.db, later, 5)).toBe(0);
    expect((await allEntries(server)).map((e) => e.action)).toEqual(['audit.pruned', 'audit.pruned']);
    expect(await verifyAudit(server.db)).toMatchObject({ ok: true, entries: 2, lastSeq: newest.seq + 2 });
    // The first entry kept deleted behind the retention's back: no retention run accounts for it.
    await server.db.deleteFrom('audit_log').where('seq', '=', newest.seq + 1).execute();
    const broken = await verifyAudit(server.db);
    expect(broken).toMatchObject({ ok: false, brokenSeq: 1 });
    expect(broken.ok === false && broken.reason).toBe(`entries 1 to ${newest.seq + 1} are missing, and no retention run says it deleted them`);
  });

  it('exports entries as NDJSON whose lines hash as stored, and as CSV a spreadsheet cannot run', () => {
    const entry: AuditEntry = {
      seq: 7,
      at: '2026-12-05T10:00:00.000Z',
      actor_id: 'thomas',
      action: 'post.publish',
      target_type: 'post',
      target_id: 'p1',
      space_id: 'general',
      detail: '{"kind":"note","note":"=HYPERLINK(\\"x\\")"}',
      prev_hash: GENESIS_HASH,
      hash: '',
    };
    entry.hash = entryHash(entry);
    const line = JSON.parse(auditLine(entry, 'ndjson')) as AuditEntry & { detail: unknown };
    expect(line.detail).toEqual({ kind: 'note', note: '=HYPERLINK("x")' });
    // What a SIEM holds is enough to check the chain: the detail, serialised again, is the text hashed.
    expect(entryHash({ ...line, detail: JSON.stringify(line.detail) })).toBe(entry.hash);
    const csv = auditLine({ ...entry, actor_id: '=cmd', detail: '{"a":1,"b":2}' }, 'csv');
    expect(csv).toBe(`7,2026-12-05T10:00:00.000Z,'=cmd,post.publish,post,p1,general,"{""a"":1,""b"":2}",${GENESIS_HASH},${entry.hash}`);
  });
});
