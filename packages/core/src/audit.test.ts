import { describe, expect, it } from 'vitest';
import { NEVER, of } from 'rxjs';
import type { AuditPage } from '@ecotone/protocol';
import { clientAudit } from './audit.js';
import { createClient } from './client.js';
import { me } from './_fixtures.js';
import { AccessError, EcotoneError } from './errors.js';
import { MemoryTransport } from './transport/memory-transport.js';
import type { Transport, TransportRequest } from './types.js';

const PAGE: AuditPage = {
  items: [
    {
      seq: 7, at: '2026-12-01T09:00:00.000Z', actorId: 'thomas', actorName: 'Thomas Moreau', action: 'post.publish',
      targetType: 'post', targetId: 'p1', spaceId: 'general', detail: { kind: 'post' }, prevHash: 'a'.repeat(64), hash: 'b'.repeat(64),
    },
  ],
  nextCursor: 'next',
};

/** A transport that answers every request with `PAGE` and keeps what it was asked. */
function recording(): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    request: <T,>(req: TransportRequest) => {
      requests.push(req);
      return Promise.resolve(PAGE as T);
    },
    events$: NEVER,
    status$: of('connected' as const),
    close: () => {},
  };
}

describe('clientAudit', () => {
  it('asks GET /audit with the filters given, and nothing else', async () => {
    const transport = recording();
    const audit = clientAudit(createClient({ transport }));
    expect(await audit.list({ action: 'post.delete', actor: 'thomas', space: 'general', before: 'abc', limit: 20 })).toEqual(PAGE);
    await audit.list();
    expect(transport.requests.map(({ method, path, query }) => ({ method, path, query }))).toEqual([
      { method: 'GET', path: '/api/v1/audit', query: { action: 'post.delete', actor: 'thomas', space: 'general', before: 'abc', limit: 20 } },
      { method: 'GET', path: '/api/v1/audit', query: {} },
    ]);
  });

  it('rejects with not_found from the in-process transport, which keeps no trail', async () => {
    const transport = new MemoryTransport({ me, spaces: [], posts: [] });
    const error = await clientAudit(createClient({ transport })).list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EcotoneError);
    expect(error).toBeInstanceOf(AccessError);
    expect(error).toMatchObject({ code: 'not_found', message: expect.stringMatching(/no audit trail/) });
  });
});
