import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPage } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { auditEntries, type AuditEntry } from './audit-log.js';

/** The `space.read` entries recorded after `afterSeq`. */
async function readsAfter(server: TestServer, afterSeq: number): Promise<AuditEntry[]> {
  const rows: AuditEntry[] = [];
  for await (const row of auditEntries(server.db, { after: afterSeq })) if (row.action === 'space.read') rows.push(row);
  return rows;
}

async function lastSeq(server: TestServer): Promise<number> {
  let seq = 0;
  for await (const row of auditEntries(server.db)) seq = row.seq;
  return seq;
}

describe('reads of secret spaces in the audit trail (--audit-secret-reads)', () => {
  let audited: TestServer;
  let plain: TestServer;

  beforeAll(async () => {
    [audited, plain] = await Promise.all([
      startTestServer({ rateLimits: false, auditSecretReads: true }),
      startTestServer({ rateLimits: false }),
    ]);
  });
  afterAll(async () => {
    await Promise.all([audited?.close(), plain?.close()]);
  });

  it('records who read a secret space, through which route, before the content leaves', async () => {
    const before = await lastSeq(audited);
    const feed = await audited.json<FeedPage>('/api/v1/spaces/security-watch/feed?limit=5', { as: 'lukas' });
    expect(feed.status).toBe(200);
    const postId = feed.body.items[0]!.id;
    expect((await audited.json(`/api/v1/posts/${postId}`, { as: 'oliver' })).status).toBe(200);
    expect((await audited.json(`/api/v1/posts/${postId}/comments`, { as: 'julien' })).status).toBe(200);
    expect((await audited.json('/api/v1/feed?spaces=general,security-watch', { as: 'lukas' })).status).toBe(200);

    const reads = await readsAfter(audited, before);
    expect(reads.map((r) => [r.actor_id, r.space_id, r.target_type, r.target_id, JSON.parse(r.detail)])).toEqual([
      ['lukas', 'security-watch', 'space', 'security-watch', { route: '/api/v1/spaces/:space/feed', params: { space: 'security-watch' } }],
      ['oliver', 'security-watch', 'space', 'security-watch', { route: '/api/v1/posts/:post', params: { post: postId } }],
      ['julien', 'security-watch', 'space', 'security-watch', { route: '/api/v1/posts/:post/comments', params: { post: postId } }],
      // Only the secret one of the two spaces read.
      ['lukas', 'security-watch', 'space', 'security-watch', { route: '/api/v1/feed' }],
    ]);
  });

  it('records searches and note lists that cover a secret space, without their query', async () => {
    const before = await lastSeq(audited);
    expect((await audited.json('/api/v1/posts/search?q=vulnérabilité', { as: 'lukas' })).status).toBe(200);
    expect((await audited.json('/api/v1/notes?q=zero-day', { as: 'julien' })).status).toBe(200);
    const reads = await readsAfter(audited, before);
    expect(reads.map((r) => [r.actor_id, r.space_id])).toEqual([['lukas', 'security-watch'], ['julien', 'security-watch']]);
    for (const read of reads) expect(read.detail).not.toMatch(/vulnérabilité|zero-day/);
  });

  it('records nothing for other spaces, for refused reads or for writes', async () => {
    const before = await lastSeq(audited);
    expect((await audited.json('/api/v1/spaces/general/feed', { as: 'lukas' })).status).toBe(200);
    // Not a member: the secret space does not exist for them, and nothing was read.
    expect((await audited.json('/api/v1/spaces/security-watch/feed', { as: 'thomas' })).status).toBe(404);
    expect((await audited.json('/api/v1/spaces/security-watch/posts', { method: 'POST', as: 'lukas', body: { body: 'Patch now' } })).status).toBe(201);
    expect(await readsAfter(audited, before)).toEqual([]);
  });

  it('records nothing without the flag, and the start-up entry says which', async () => {
    const before = await lastSeq(plain);
    expect((await plain.json('/api/v1/spaces/security-watch/feed', { as: 'lukas' })).status).toBe(200);
    expect(await readsAfter(plain, before)).toEqual([]);
    const starts: boolean[] = [];
    for (const server of [audited, plain]) {
      for await (const row of auditEntries(server.db)) {
        if (row.action === 'server.start') starts.push((JSON.parse(row.detail) as { auditSecretReads: boolean }).auditSecretReads);
      }
    }
    expect(starts).toEqual([true, false]);
  });
});
