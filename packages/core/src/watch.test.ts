import { describe, expect, it } from 'vitest';
import { NEVER, of } from 'rxjs';
import { clientWatch, opmlOf } from './watch.js';
import { createClient } from './client.js';
import { me } from './_fixtures.js';
import { EcotoneError } from './errors.js';
import { MemoryTransport } from './transport/memory-transport.js';
import type { Transport, TransportRequest } from './types.js';

function recording(answer: unknown): Transport & { requests: TransportRequest[] } {
  const requests: TransportRequest[] = [];
  return {
    requests,
    request: <T,>(req: TransportRequest) => {
      requests.push(req);
      return Promise.resolve(answer as T);
    },
    events$: NEVER,
    status$: of('connected' as const),
    close: () => {},
  };
}

describe('clientWatch', () => {
  it('calls the watch routes', async () => {
    const transport = recording({ items: [{ title: 'A & B', url: 'https://x.example/feed?a=1&b=2' }], mayManage: true });
    const watch = clientWatch(createClient({ transport }));
    await watch.list('general');
    await watch.add('general', { url: 'https://x.example/feed' });
    await watch.remove('s1');
    await watch.importOpml('general', '<opml/>');
    await watch.triage('p1', 'dismiss');
    expect(transport.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /api/v1/spaces/general/watch/sources',
      'POST /api/v1/spaces/general/watch/sources',
      'DELETE /api/v1/watch/sources/s1',
      'POST /api/v1/spaces/general/watch/opml',
      'POST /api/v1/posts/p1/watch/triage',
    ]);
    expect(transport.requests[4]!.body).toEqual({ action: 'dismiss' });
    const opml = await watch.exportOpml('general', 'General <watch>');
    expect(opml).toContain('xmlUrl="https://x.example/feed?a=1&amp;b=2"');
    expect(opml).toContain('<title>General &lt;watch&gt;</title>');
  });

  it('escapes every attribute of the OPML it builds', () => {
    expect(opmlOf('t', [{ title: '"quoted"', url: "https://x.example/'" }])).toContain('text="&quot;quoted&quot;"');
  });

  it('gets not_found from an in-process transport, which fetches nothing', async () => {
    const client = createClient({ transport: new MemoryTransport({ me, spaces: [], posts: [] }) });
    const error = await clientWatch(client).list('general').catch((e: unknown) => e);
    expect((error as EcotoneError).code).toBe('not_found');
  });
});
