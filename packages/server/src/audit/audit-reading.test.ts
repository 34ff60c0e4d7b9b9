import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, AuditPage, Me, Post, Problem } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { auditEntries } from './audit-log.js';

/** The trail as the database holds it, newest first, as the route should answer it (names aside). */
async function stored(server: TestServer): Promise<Omit<AuditEntry, 'actorName'>[]> {
  const rows: Omit<AuditEntry, 'actorName'>[] = [];
  for await (const row of auditEntries(server.db)) {
    rows.push({
      seq: row.seq,
      at: row.at,
      actorId: row.actor_id,
      action: row.action,
      targetType: row.target_type,
      targetId: row.target_id,
      spaceId: row.space_id,
      detail: JSON.parse(row.detail) as Record<string, unknown>,
      prevHash: row.prev_hash,
      hash: row.hash,
    });
  }
  return rows.reverse();
}

const withoutName = ({ actorName: _name, ...entry }: AuditEntry) => entry;

/**
 * Every page of `query` as `as` reads it, following `nextCursor`. Each read
 * appends its own `audit.read` entry above the first page, never inside a
 * later one: the pages are the trail as it was at the first read.
 */
async function readAll(server: TestServer, query: string, as = 'hannah'): Promise<{ items: AuditEntry[]; pages: number; firstReadSeq: number }> {
  const items: AuditEntry[] = [];
  let before: string | null = null;
  let pages = 0;
  let firstReadSeq = 0;
  do {
    const path: string = `/api/v1/audit?${query}${before ? `&before=${encodeURIComponent(before)}` : ''}`;
    const res: { status: number; body: AuditPage } = await server.json<AuditPage>(path, { as });
    expect(res.status, path).toBe(200);
    if (pages === 0) firstReadSeq = (await stored(server))[0]!.seq;
    items.push(...res.body.items);
    before = res.body.nextCursor;
    pages += 1;
    expect(pages).toBeLessThan(500);
  } while (before !== null);
  return { items, pages, firstReadSeq };
}

describe('reading the audit trail (GET /audit)', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ rateLimits: false, auditors: ['hannah'] });
    // Some history: posts by two people in two spaces, an edit, a deletion, sign-ins.
    for (let i = 0; i < 20; i++) {
      const author = i % 2 === 0 ? 'thomas' : 'camille';
      const res = await server.json<Post>('/api/v1/spaces/general/posts', { method: 'POST', as: author, body: { body: `Audited post ${i}` } });
      expect(res.status).toBe(201);
      if (i % 4 === 0) expect((await server.api(`/api/v1/posts/${res.body.id}`, { method: 'DELETE', as: author })).status).toBe(204);
    }
  });
  afterAll(() => server.close());

  it('tells only the auditors that they are one (GET /me)', async () => {
    expect((await server.json<Me>('/api/v1/me', { as: 'hannah' })).body.auditor).toBe(true);
    const me = await server.json<Me>('/api/v1/me', { as: 'amelie' });
    expect(me.status).toBe(200);
    expect(me.body).not.toHaveProperty('auditor');
  });

  it('refuses everyone else with 403 forbidden, owners of spaces included, and records nothing', async () => {
    const before = (await stored(server)).length;
    for (const as of ['amelie', 'thomas']) {
      const res = await server.json<Problem>('/api/v1/audit', { as });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
      expect(res.body.detail ?? res.body.title).toMatch(/auditor/i);
    }
    expect((await stored(server)).length).toBe(before);
  });

  it('answers nobody when no auditor is configured', async () => {
    const plain = await startTestServer({ seed: true });
    try {
      expect((await plain.json<Problem>('/api/v1/audit', { as: 'hannah' })).status).toBe(403);
      expect((await plain.json<Me>('/api/v1/me', { as: 'hannah' })).body).not.toHaveProperty('auditor');
    } finally {
      await plain.close();
    }
  });

  it('pages through the whole trail newest first, exactly as the database holds it, with the actors\' names', async () => {
    const { items, pages, firstReadSeq } = await readAll(server, 'limit=7');
    const expected = (await stored(server)).filter((entry) => entry.seq < firstReadSeq);
    expect(expected.length).toBeGreaterThan(20);
    expect(pages).toBe(Math.ceil(expected.length / 7) + (expected.length % 7 === 0 ? 1 : 0));
    expect(items.map(withoutName)).toEqual(expected);
    const seqs = items.map((entry) => entry.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => b - a));
    const byThomas = items.find((entry) => entry.actorId === 'thomas');
    expect(byThomas?.actorName).toBe('Thomas Moreau');
    for (const entry of items.filter((e) => e.actorId === null)) expect(entry.actorName).toBeNull();
  });

  it('gives 50 entries by default and at most 100', async () => {
    for (let i = 0; i < 80; i++) await server.json('/api/v1/audit?limit=1', { as: 'hannah' });
    expect((await server.json<AuditPage>('/api/v1/audit', { as: 'hannah' })).body.items).toHaveLength(50);
    const total = (await stored(server)).length;
    expect(total).toBeGreaterThan(100);
    expect((await server.json<AuditPage>('/api/v1/audit?limit=100', { as: 'hannah' })).body.items).toHaveLength(100);
  });

  it.each([
    ['action=post.publish', (e: Omit<AuditEntry, 'actorName'>) => e.action === 'post.publish'],
    ['action=post.delete', (e: Omit<AuditEntry, 'actorName'>) => e.action === 'post.delete'],
    ['actor=thomas', (e: Omit<AuditEntry, 'actorName'>) => e.actorId === 'thomas'],
    ['space=general', (e: Omit<AuditEntry, 'actorName'>) => e.spaceId === 'general'],
    ['actor=camille&action=post.publish&space=general', (e: Omit<AuditEntry, 'actorName'>) => e.actorId === 'camille' && e.action === 'post.publish' && e.spaceId === 'general'],
    ['action=audit.read&actor=hannah', (e: Omit<AuditEntry, 'actorName'>) => e.action === 'audit.read' && e.actorId === 'hannah'],
  ])('filters by %s, page after page', async (query, keep) => {
    const { items, firstReadSeq } = await readAll(server, `${query}&limit=3`);
    const expected = (await stored(server)).filter((entry) => entry.seq < firstReadSeq && keep(entry));
    expect(expected.length).toBeGreaterThan(0);
    expect(items.map(withoutName)).toEqual(expected);
  });

  it('records each reading as audit.read, with its filters, in the transaction that read', async () => {
    const res = await server.json<AuditPage>('/api/v1/audit?actor=thomas&action=post.publish&limit=2', { as: 'hannah' });
    expect(res.status).toBe(200);
    const [newest] = await stored(server);
    expect(newest).toMatchObject({ actorId: 'hannah', action: 'audit.read', targetType: 'audit', detail: { actor: 'thomas', action: 'post.publish', limit: 2, entries: 2 } });
    // The page does not hold its own reading.
    expect(res.body.items.every((entry) => entry.seq < newest!.seq)).toBe(true);
    const next = await server.json<AuditPage>(`/api/v1/audit?limit=2&before=${encodeURIComponent(res.body.nextCursor!)}`, { as: 'hannah' });
    expect(next.status).toBe(200);
    expect((await stored(server))[0]!.detail).toEqual({ before: res.body.items[1]!.seq, limit: 2, entries: 2 });
  });

  it.each([
    ['limit=0', 'validation_failed'],
    ['limit=101', 'validation_failed'],
    ['limit=ten', 'validation_failed'],
    ['action=Post.Publish', 'validation_failed'],
    ['action=', 'validation_failed'],
    ['actor=no%20one', 'validation_failed'],
    ['space=' + 'x'.repeat(65), 'validation_failed'],
    ['before=not-a-cursor', 'invalid_cursor'],
    [`before=${Buffer.from('audit:0').toString('base64url')}`, 'invalid_cursor'],
    [`before=${Buffer.from('2026-01-01T00:00:00.000Z|p1').toString('base64url')}`, 'invalid_cursor'],
  ])('answers 400 to %s (%s) and records nothing', async (query, code) => {
    const before = (await stored(server)).length;
    const res = await server.json<Problem>(`/api/v1/audit?${query}`, { as: 'hannah' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe(code);
    expect((await stored(server)).length).toBe(before);
  });
});
