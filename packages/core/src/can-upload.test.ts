/** Which clients can upload: the attach controls of the elements are shown only then. */
import { describe, expect, it } from 'vitest';
import { me, newsSpace } from './_fixtures.js';
import { canUpload } from './can-upload.js';
import { createClient } from './client.js';
import { clientFiles } from './files.js';
import { isEcotoneError } from './errors.js';
import { MemoryTransport } from './transport/memory-transport.js';
import type { Transport } from './types.js';

describe('canUpload', () => {
  it('is true over HTTP and in a memory world, which keep files', () => {
    const http = createClient({ baseUrl: 'https://intranet.example', token: 't' });
    const memory = createClient({ transport: new MemoryTransport({ me, spaces: [newsSpace], posts: [] }) });
    expect(canUpload(http)).toBe(true);
    expect(canUpload(memory)).toBe(true);
    http.close();
    memory.close();
  });

  it('is false for the local transport and a custom one without files, whose uploads answer files_unsupported', async () => {
    const local = createClient({ transport: 'local' });
    const inner = new MemoryTransport({ me, spaces: [newsSpace], posts: [] });
    const custom: Transport = { request: (req) => inner.request(req), events$: inner.events$, status$: inner.status$, close: () => inner.close() };
    const bare = createClient({ transport: custom });
    expect(canUpload(local)).toBe(false);
    expect(canUpload(bare)).toBe(false);
    const refusal = await clientFiles(bare).upload('news', new Blob(['x'], { type: 'text/plain' })).catch((err: unknown) => err);
    expect(isEcotoneError(refusal) && refusal.code).toBe('files_unsupported');
    local.close();
    bare.close();
  });
});
