import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LinkPreview, Problem } from '@ecotone/protocol';
import { openEvents, startTestServer, type TestServer } from '../_harness.js';
import { startFixtureSite, type FixtureSite } from '../_fixture-site.js';
import { egressProbe, type EgressProbe } from '../_egress-probe.js';

let site: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
});
afterAll(() => site.close());

// Asks rotate among people so that the per-person rate limit stays out of the way.
const PEOPLE = ['amelie', 'thomas', 'camille', 'julien', 'lukas', 'anna', 'jonas', 'sophie', 'priya', 'oliver', 'hannah'];
let turn = 0;
const preview = (server: TestServer, url: unknown, as = PEOPLE[turn++ % PEOPLE.length]) =>
  server.json<LinkPreview & Problem>('/api/v1/previews', { method: 'POST', body: { url }, as });

describe('egress public, nothing allow-listed: internal addresses are refused before connecting', () => {
  let server: TestServer;
  let probe: EgressProbe;
  beforeAll(async () => {
    probe = egressProbe({ localhost: ['127.0.0.1', '::1'], 'mixed.test': ['93.184.216.34', '10.0.0.1'], 'mapped.test': ['::ffff:10.0.0.1'] });
    server = await startTestServer({ egress: { mode: 'public', resolver: probe.resolver, socketFactory: probe.socketFactory } });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    probe.reset();
    site.reset();
  });

  const blocked = () => [
    `${site.origin}/og`,
    `http://localhost:${site.port}/og`,
    `http://0.0.0.0:${site.port}/og`,
    `http://[::1]:${site.port}/og`,
    `http://[::ffff:7f00:1]:${site.port}/og`,
    `http://[::ffff:127.0.0.1]:${site.port}/og`,
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/',
    'http://100.64.0.1/',
    `http://2130706433:${site.port}/og`,
    `http://0177.0.0.1:${site.port}/og`,
    `http://0x7f.1:${site.port}/og`,
    'http://[fc00::1]/',
    'http://[fe80::1]/',
    'http://224.0.0.1/',
    'http://255.255.255.255/',
    'http://[2002:7f00:1::]/',
    'https://mixed.test/',
    'https://mapped.test/',
  ];

  it.each([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])('refuses blocked address #%i with egress_blocked and no socket', async (i) => {
    const url = blocked()[i]!;
    const { status, body } = await preview(server, url);
    expect({ url, status, code: body.code }).toEqual({ url, status: 403, code: 'egress_blocked' });
    expect(probe.sockets).toEqual([]);
    expect(site.connections).toBe(0);
  });

  it('resolves names but never connects to what they resolve to when it is internal', async () => {
    await preview(server, `http://localhost:${site.port}/og`);
    expect(probe.lookups).toEqual(['localhost']);
    expect(probe.sockets).toEqual([]);
    // Literals need no lookup at all.
    await preview(server, 'http://10.0.0.1/');
    expect(probe.lookups).toEqual(['localhost']);
  });

  it.each(['javascript:alert(1)', 'data:text/html,<h1>hi</h1>', 'file:///etc/passwd', 'ftp://example.org/', 'http://user:secret@example.org/', 'not a url', 'http://'])(
    'refuses %s with invalid_url',
    async (url) => {
      const { status, body } = await preview(server, url);
      expect(status).toBe(400);
      expect(body.code).toBe('invalid_url');
      expect(probe.lookups).toEqual([]);
      expect(probe.sockets).toEqual([]);
    },
  );

  it('validates the body and requires authentication', async () => {
    const wrong = await server.json<Problem>('/api/v1/previews', { method: 'POST', body: { url: 42, extra: true } });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('validation_failed');
    const long = await preview(server, `https://example.org/${'a'.repeat(2100)}`);
    expect(long.body.code).toBe('validation_failed');
    const anonymous = await server.json<Problem>('/api/v1/previews', { method: 'POST', body: { url: 'https://example.org/' }, as: null });
    expect(anonymous.status).toBe(401);
    expect(probe.lookups).toEqual([]);
  });

  it('limits how many previews one person asks for in a burst (429 with Retry-After)', async () => {
    const answers = [];
    for (let i = 0; i < 21; i++) answers.push(await preview(server, 'javascript:void 0', 'marco'));
    expect(answers.slice(0, 20).every((a) => a.body.code === 'invalid_url')).toBe(true);
    expect(answers[20]!.status).toBe(429);
    expect(answers[20]!.body.code).toBe('rate_limited');
    expect(Number(answers[20]!.res.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('answers preview_unreachable for a name that does not resolve', async () => {
    const { status, body } = await preview(server, 'https://nowhere.test/');
    expect(status).toBe(502);
    expect(body.code).toBe('preview_unreachable');
    expect(probe.sockets).toEqual([]);
  });
});

describe('IPv6 forms that embed an IPv4 address are refused before connecting', () => {
  let server: TestServer;
  let probe: EgressProbe;
  const names = {
    'compatible.test': ['::7f00:1'],
    // What getaddrinfo prints for an IPv4-compatible answer.
    'dotted.test': ['::10.0.0.1'],
    'nat64.test': ['64:ff9b::a9fe:a9fe'],
    'wiki.corp.example': ['::a00:1'],
    'sixtofour.corp.example': ['2002:a00:1::1'],
  };
  beforeAll(async () => {
    probe = egressProbe(names);
    // A listed name and a broad public range: neither names an embedding form on purpose.
    server = await startTestServer({
      egress: { mode: 'public', allow: ['*.corp.example', '2000::/3'], resolver: probe.resolver, socketFactory: probe.socketFactory },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    probe.reset();
    site.reset();
  });

  it.each([
    'http://[::7f00:1]/',
    'http://[::a00:1]/',
    'http://[::8.8.8.8]/',
    'http://[::ffff:0:7f00:1]/',
    'http://[64:ff9b::7f00:1]/',
    'http://[64:ff9b:1::a00:1]/',
    'http://[2002:7f00:1::]/',
    'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
    'http://[2606:2800:220:1:0:5efe:7f00:1]/',
    'https://compatible.test/',
    'https://dotted.test/',
    'https://nat64.test/',
    'https://wiki.corp.example/',
    'https://sixtofour.corp.example/',
  ])('refuses %s with egress_blocked and no socket', async (url) => {
    const { status, body } = await preview(server, url);
    expect({ url, status, code: body.code }).toEqual({ url, status: 403, code: 'egress_blocked' });
    expect(probe.sockets).toEqual([]);
    expect(site.connections).toBe(0);
  });
});

describe('egress allowlist with the fixture (127.0.0.1/32) only', () => {
  let server: TestServer;
  let probe: EgressProbe;
  beforeAll(async () => {
    probe = egressProbe();
    server = await startTestServer({
      egress: {
        mode: 'allowlist',
        allow: ['127.0.0.1/32'],
        // Short but real limits, so the slow page takes half a second, not five.
        limits: { connectTimeoutMs: 300, totalTimeoutMs: 800 },
        resolver: probe.resolver,
        socketFactory: probe.socketFactory,
      },
    });
  });
  afterAll(() => server.close());
  beforeEach(() => {
    probe.reset();
    site.reset();
  });

  it('refuses a redirect from the allowed host to a blocked one, without connecting to it', async () => {
    for (const path of ['/redirect-blocked', '/redirect-loopback']) {
      const { status, body } = await preview(server, `${site.origin}${path}`);
      expect(status).toBe(403);
      expect(body.code).toBe('egress_blocked');
    }
    expect(probe.sockets.every((s) => s === `127.0.0.1:${site.port}`)).toBe(true);
    expect(probe.sockets).toHaveLength(2);
  });

  it('does not follow a redirect to another scheme', async () => {
    const { status, body } = await preview(server, `${site.origin}/redirect-file`);
    expect(status).toBe(502);
    expect(body.code).toBe('preview_unreachable');
  });

  it('refuses names and addresses outside the allow-list', async () => {
    for (const url of ['http://10.0.0.1/', `http://[::1]:${site.port}/og`, `http://[::ffff:127.0.0.1]:${site.port}/og`]) {
      const { body } = await preview(server, url);
      expect({ url, code: body.code }).toEqual({ url, code: 'egress_blocked' });
    }
    // A name may resolve into an allowed range, so it is looked up (here: no answer).
    expect((await preview(server, 'https://example.org/')).body.code).toBe('preview_unreachable');
    expect(probe.sockets).toEqual([]);
  });

  it('follows three redirects and refuses a fourth', async () => {
    const three = await preview(server, `${site.origin}/redirect/3`);
    expect(three.status).toBe(200);
    expect(three.body.title).toBe('Lyon & the river');
    const four = await preview(server, `${site.origin}/redirect/4`);
    expect(four.status).toBe(502);
    expect(four.body.code).toBe('preview_too_many_redirects');
  });

  it('stops reading an oversize page at 1 MiB', async () => {
    const { status, body } = await preview(server, `${site.origin}/big`);
    expect(status).toBe(502);
    expect(body.code).toBe('preview_too_large');
  });

  it('gives up on a slow page at the total timeout', async () => {
    const started = Date.now();
    const { status, body } = await preview(server, `${site.origin}/slow`);
    expect(status).toBe(504);
    expect(body.code).toBe('preview_timeout');
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('refuses what is not HTML', async () => {
    const { status, body } = await preview(server, `${site.origin}/pdf`);
    expect(status).toBe(502);
    expect(body.code).toBe('preview_not_html');
  });

  it('remembers failures for a while: a second ask does not fetch again', async () => {
    await preview(server, `${site.origin}/pdf?again`);
    const before = site.hits('/pdf');
    const again = await preview(server, `${site.origin}/pdf?again`);
    expect(again.body.code).toBe('preview_not_html');
    expect(site.hits('/pdf')).toBe(before);
  });
});

describe('egress off', () => {
  let server: TestServer;
  let probe: EgressProbe;
  beforeAll(async () => {
    probe = egressProbe({ localhost: ['127.0.0.1'], 'example.org': ['93.184.216.34'] });
    // The resolver and sockets are injected only to count them: off means they are never called.
    server = await startTestServer({ egress: { mode: 'off', resolver: probe.resolver, socketFactory: probe.socketFactory } });
  });
  afterAll(() => server.close());

  it('answers previews_disabled and makes zero lookups and zero sockets, directly and through posts', async () => {
    site.reset();
    const stream = await openEvents(server, { as: 'thomas' });
    for (const body of [{ url: `${site.origin}/og` }, { url: 'https://example.org/' }, { url: `http://localhost:${site.port}/og` }, { url: 'javascript:alert(1)' }, {}]) {
      const { status, body: problem } = await server.json<Problem>('/api/v1/previews', { method: 'POST', body });
      expect(status).toBe(403);
      expect(problem.code).toBe('previews_disabled');
    }
    const published = await server.json<{ id: string }>('/api/v1/spaces/lyon-site/posts', {
      method: 'POST',
      as: 'thomas',
      body: { body: `Voir [la page](${site.origin}/og) et https://example.org/` },
    });
    expect(published.status).toBe(201);
    await stream.next((m) => m.event === 'post.created');
    await stream.expectNone(400, (m) => m.event === 'post.updated');
    stream.close();
    expect(probe.lookups).toEqual([]);
    expect(probe.sockets).toEqual([]);
    expect(site.connections).toBe(0);
  });

  it('is the default when no egress option is given', async () => {
    const plain = await startTestServer();
    try {
      const { status, body } = await plain.json<Problem>('/api/v1/previews', { method: 'POST', body: { url: 'https://example.org/' } });
      expect(status).toBe(403);
      expect(body.code).toBe('previews_disabled');
    } finally {
      await plain.close();
    }
  });
});
