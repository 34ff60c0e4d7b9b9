/**
 * The demo's photo and captioned video: kept as uploads would be (type by
 * their bytes, an image's sizes), published on posts of `general`, readable
 * by its readers, and the words said searchable in each language.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FeedPage, Post } from '@ecotone/protocol';
import { startTestServer, type TestServer } from '../_harness.js';
import { seedDemoMedia } from './demo-media.js';

describe('the demo’s media', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('publishes a photo post and a video post with a poster and captions in three languages', async () => {
    expect(await seedDemoMedia(server.app.ecotone)).toBe(2);
    const feed = await server.json<FeedPage>('/api/v1/spaces/general/feed?limit=5', { as: 'thomas' });
    const photo = feed.body.items.find((post) => post.attachments?.[0]?.kind === 'image');
    const video = feed.body.items.find((post) => post.attachments?.[0]?.kind === 'video');
    expect(photo?.attachments?.[0]).toMatchObject({ mediaType: 'image/jpeg', width: 1600, height: 1000, alt: expect.stringContaining('Basel') });
    expect(photo?.attachments?.[0]?.sizes?.map((size) => size.name)).toEqual(['w320', 'w640', 'w1280']);
    const tour = video!.attachments![0]!;
    expect(tour).toMatchObject({ mediaType: 'video/webm', poster: { width: 1280, height: 720 } });
    expect(tour.captions?.map((caption) => caption.locale)).toEqual(['de', 'en', 'fr']);
    const { token } = (await server.json<{ token: string }>('/api/v1/files/token', { as: 'thomas' })).body;
    const bytes = await fetch(`${server.url}/api/v1/files/${tour.id}?t=${token}`);
    expect(bytes.status).toBe(200);
    expect((await bytes.arrayBuffer()).byteLength).toBe(tour.size);
    const german = await fetch(`${server.url}/api/v1/files/${tour.captions!.find((c) => c.locale === 'de')!.id}?t=${token}`);
    expect(await german.text()).toContain('Bioreaktor');
    // The words said, in German and in English, find the video's post.
    for (const word of ['Bioreaktor', 'bioreactor']) {
      const hits = await server.json<{ items: { post: Post }[] }>(`/api/v1/posts/search?q=${word}`, { as: 'thomas' });
      expect(hits.body.items.map((hit) => hit.post.id), word).toContain(video!.id);
    }
  });

  it('keeps them in the database too, where no uploads folder was made before', async () => {
    const inDatabase = await startTestServer({ files: { inDatabase: true } });
    try {
      expect(await seedDemoMedia(inDatabase.app.ecotone)).toBe(2);
      expect((await inDatabase.db.selectFrom('file_objects').select('key').execute()).length).toBeGreaterThan(5);
    } finally {
      await inDatabase.close();
    }
  });
});
