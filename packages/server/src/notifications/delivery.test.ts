import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KnowledgeNote, Notification, Post } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { emlDigest } from './eml-digest.js';
import type { NotificationRecipient } from './notify-hook.js';

describe('delivery beyond the page (--notify-module)', () => {
  let server: TestServer;
  let dir: string;
  const received: { notification: Notification; recipient: NotificationRecipient }[] = [];
  let digest: ReturnType<typeof emlDigest>;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ecotone-eml-'));
    digest = emlDigest({ dir, from: 'Ecotone <ecotone@intranet.example>', flushMs: 60_000, siteUrl: 'https://intranet.example/' });
    server = await startTestServer({
      rateLimits: false,
      notify: {
        notify: async (notification, recipient) => {
          received.push({ notification, recipient });
          await digest.notify(notification, recipient);
        },
        close: () => digest.close!(),
      },
    });
    // Addresses as an identity provider would have given them.
    await server.db.updateTable('actors').set({ email: 'thomas@intranet.example' }).where('id', '=', 'thomas').execute();
    await server.db.updateTable('actors').set({ email: 'lukas@intranet.example' }).where('id', '=', 'lukas').execute();
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('hands each recorded notification to the module with its recipient, after the write', async () => {
    const post = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Figures from [@Thomas](mention:thomas) and [@Lukas](mention:lukas)' },
    });
    expect(post.status).toBe(201);
    await server.app.ecotone.notify!.idle();
    const forPost = received.filter((r) => r.notification.object.id === post.body.id);
    expect(forPost.map((r) => [r.recipient.id, r.recipient.email, r.notification.kind]).sort()).toEqual([
      ['lukas', 'lukas@intranet.example', 'mention'],
      ['thomas', 'thomas@intranet.example', 'mention'],
    ]);
  });

  it('writes one digest .eml per person, in their language, naming the actor and the excerpt', async () => {
    const note = await server.json<KnowledgeNote>('/api/v1/spaces/general/notes', {
      method: 'POST',
      as: 'amelie',
      body: { title: 'Zero trust for [@Lukas](mention:lukas)', body: 'See [@Lukas](mention:lukas)' },
    });
    expect(note.status).toBe(201);
    expect(note.body.mentions?.map((a) => a.id)).toEqual(['lukas']);
    await server.app.ecotone.notify!.idle();
    await digest.flush();
    const files = (await readdir(dir)).filter((f) => f.endsWith('.eml')).sort();
    expect(files).toHaveLength(2);
    const lukas = await readFile(join(dir, files.find((f) => f.includes('-lukas-'))!), 'utf8');
    // RFC 5322 headers, the person's address, German (lukas reads German), both notifications.
    expect(lukas).toMatch(/^From: Ecotone <ecotone@intranet\.example>\r$/m);
    expect(lukas).toMatch(/^To: .*<lukas@intranet\.example>\r$/m);
    expect(lukas).toMatch(/^Subject: 2 neue Benachrichtigungen\r$/m);
    expect(lukas).toMatch(/^Message-ID: </m);
    const text = decodeBody(lukas);
    expect(text).toContain('Hannah Clarke hat Sie erwähnt');
    expect(text).toContain('https://intranet.example/');
    const thomas = await readFile(join(dir, files.find((f) => f.includes('-thomas-'))!), 'utf8');
    expect(thomas).toMatch(/^Subject: 1 nouvelle notification\r$/m);
    // Nothing for people without an address.
    expect(files.some((f) => f.includes('-hannah-') || f.includes('-amelie-'))).toBe(false);
  });

  it('hands over the notices recorded for a whole space too, each as its person sees it', async () => {
    const post = await server.json<Post>('/api/v1/spaces/general/posts', {
      method: 'POST',
      as: 'hannah',
      body: { body: 'Confirm the new badge rules', kind: 'announcement', requireAcknowledgement: true },
    });
    expect(post.status).toBe(201);
    await server.app.ecotone.fanout.idle();
    await server.app.ecotone.notify!.idle();
    const asked = received.filter((r) => r.notification.kind === 'ack_request' && r.notification.object.id === post.body.id);
    expect(asked.length).toBeGreaterThan(5);
    expect(asked.find((r) => r.recipient.id === 'thomas')?.notification).toMatchObject({ actors: [{ id: 'hannah' }], object: { spaceName: 'General' } });
    expect(asked.some((r) => r.recipient.id === 'hannah')).toBe(false);
  });
});

/** The text part of a simple message, quoted-printable or not. */
function decodeBody(eml: string): string {
  const body = eml.slice(eml.indexOf('\r\n\r\n') + 4);
  if (!/Content-Transfer-Encoding: quoted-printable/i.test(eml)) return body;
  const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}
