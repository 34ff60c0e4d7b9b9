/**
 * Files attached to posts: attached when the post is written (only one's
 * own, unattached files of that space), listed with the post everywhere it
 * is read, readable by exactly those who may read the post, and gone with
 * it (the access matrix of docs/attachments.md).
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Attachment, Comment, FeedPage, KnowledgeNote, Post, PostUpdatedEvent, Problem } from '@ecotone/protocol';
import { countRows, openEvents, startTestServer, TEST_ENGINE, type TestServer } from '../_harness.js';
import { uploadFile } from './_test-upload.js';

describe('attachments on posts', () => {
  let server: TestServer;
  const jpeg = (width: number, height: number) => sharp({ create: { width, height, channels: 3, background: '#3a6' } }).jpeg().toBuffer();
  const tokenOf = async (as: string) => (await server.json<{ token: string }>('/api/v1/files/token', { as })).body.token;
  const publish = (space: string, as: string, body: Record<string, unknown>) =>
    server.json<Post & Problem>(`/api/v1/spaces/${space}/posts`, { as, method: 'POST', body });
  /** The status of every address of a file (the file and each of its sizes) for this person. */
  async function statuses(as: string, attachment: Pick<Attachment, 'id' | 'sizes'>, sizes = attachment.sizes ?? []): Promise<number[]> {
    const token = await tokenOf(as);
    const urls = [`/api/v1/files/${attachment.id}`, ...sizes.map((size) => `/api/v1/files/${attachment.id}/${size.name}`)];
    return Promise.all(urls.map(async (url) => (await fetch(`${server.url}${url}?t=${token}`)).status));
  }

  async function storedKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const key of server.app.ecotone.uploads!.store.keys()) keys.push(key);
    return keys;
  }

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('attaches images and documents in order, with their sizes and descriptions, for every reader', async () => {
    const photo = await uploadFile(server, 'amelie', await jpeg(1600, 900), 'lab.jpg');
    const minutes = await uploadFile(server, 'amelie', Buffer.from('Minutes of the site meeting.\n'), 'minutes.txt');
    const created = await publish('general', 'amelie', {
      body: 'The new lab, and the minutes',
      attachments: [{ file: photo.id, alt: '  The new lab, with its\u202E two benches  ' }, { file: minutes.id }],
    });
    expect(created.status).toBe(201);
    const [image, document] = created.body.attachments!;
    expect(image).toEqual({
      id: photo.id,
      kind: 'image',
      mediaType: 'image/jpeg',
      name: 'lab.jpg',
      size: photo.size,
      width: 1600,
      height: 900,
      alt: 'The new lab, with its two benches',
      sizes: [
        { name: 'w320', width: 320, height: 180 },
        { name: 'w640', width: 640, height: 360 },
        { name: 'w1280', width: 1280, height: 720 },
      ],
      placeholder: expect.stringMatching(/^#[0-9a-f]{6}$/),
    });
    expect(document).toEqual({ id: minutes.id, kind: 'document', mediaType: 'text/plain', name: 'minutes.txt', size: minutes.size });

    // Everyone reading the post gets them: the post, the feed.
    const read = await server.json<Post>(`/api/v1/posts/${created.body.id}`, { as: 'thomas' });
    expect(read.body.attachments).toEqual(created.body.attachments);
    const feed = await server.json<FeedPage>('/api/v1/spaces/general/feed?limit=5', { as: 'lukas' });
    expect(feed.body.items.find((post) => post.id === created.body.id)?.attachments).toEqual(created.body.attachments);
    // And their bytes, in every size.
    expect(await statuses('thomas', image!)).toEqual([200, 200, 200, 200]);
    expect(await statuses('lukas', document!)).toEqual([200]);
  });

  it('refuses files that are not the author’s own, unattached ones of that space, and writes nothing', async () => {
    const mine = await uploadFile(server, 'amelie', Buffer.from('Mine.\n'), 'mine.txt');
    const theirs = await uploadFile(server, 'thomas', Buffer.from('Theirs.\n'), 'theirs.txt');
    const elsewhere = await uploadFile(server, 'julien', Buffer.from('Secret.\n'), 'secret.txt', 'security-watch');
    const attached = await uploadFile(server, 'amelie', Buffer.from('Attached.\n'), 'attached.txt');
    expect((await publish('general', 'amelie', { body: 'First', attachments: [{ file: attached.id }] })).status).toBe(201);
    const posts = await countRows(server.db, 'posts');

    const cases: [string, string, Record<string, unknown>, string][] = [
      ['amelie', 'general', { file: theirs.id }, 'is not a file you uploaded'],
      ['amelie', 'general', { file: 'AAAAAAAAAAAAAAAAAAAAAA' }, 'is not a file you uploaded'],
      ['amelie', 'general', { file: attached.id }, 'is attached to something else already'],
      ['julien', 'general', { file: elsewhere.id }, 'was uploaded for another space'],
    ];
    for (const [as, space, draft, message] of cases) {
      const refused = await publish(space, as, { body: 'With a file', attachments: [{ file: mine.id }, draft].slice(as === 'amelie' ? 0 : 1) });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('validation_failed');
      expect(refused.body.errors).toContainEqual({ path: `/body/attachments/${as === 'amelie' ? 1 : 0}/file`, message });
    }
    const twice = await publish('general', 'amelie', { body: 'Twice', attachments: [{ file: mine.id }, { file: mine.id }] });
    expect(twice.body.errors).toEqual([{ path: '/body/attachments/1/file', message: 'is attached twice' }]);
    const tooMany = await publish('general', 'amelie', { body: 'Many', attachments: Array.from({ length: 11 }, () => ({ file: mine.id })) });
    expect(tooMany.status).toBe(400);
    expect(await countRows(server.db, 'posts')).toBe(posts);
    // Her file is still hers alone, attached nowhere.
    expect((await server.db.selectFrom('files').select('object_id').where('id', '=', mine.id).executeTakeFirstOrThrow()).object_id).toBeNull();
    expect(await statuses('amelie', mine)).toEqual([200]);
    expect(await statuses('thomas', mine)).toEqual([404]);
  });

  it('serves a secret space’s file to its members only, and no longer to a removed one', async () => {
    const photo = await uploadFile(server, 'julien', await jpeg(800, 600), 'badge.jpg', 'security-watch');
    const post = await publish('security-watch', 'julien', { body: 'The new badge', attachments: [{ file: photo.id, alt: 'A badge' }] });
    expect(post.status).toBe(201);
    const attachment = post.body.attachments![0]!;
    expect(attachment.sizes?.map((s) => s.name)).toEqual(['w320', 'w640']);
    expect(await statuses('lukas', attachment)).toEqual([200, 200, 200]);
    expect(await statuses('oliver', attachment)).toEqual([200, 200, 200]);
    // An outsider, with their own valid token: 404 for the file and every size.
    expect(await statuses('thomas', attachment)).toEqual([404, 404, 404]);
    // Oliver removed: 404 from the next request, not at his token's expiry.
    const oliverToken = await tokenOf('oliver');
    expect((await server.api('/api/v1/spaces/security-watch/members/oliver', { method: 'DELETE', as: 'julien' })).status).toBe(204);
    expect((await fetch(`${server.url}/api/v1/files/${attachment.id}?t=${oliverToken}`)).status).toBe(404);
    expect(await statuses('oliver', attachment)).toEqual([404, 404, 404]);
    // Oliver's token with Lukas's credentials beside it: refused too.
    const lukasToken = await tokenOf('lukas');
    expect((await fetch(`${server.url}/api/v1/files/${attachment.id}?t=${lukasToken}`, { headers: { authorization: 'Bearer dev:oliver' } })).status).toBe(404);
  });

  it('keeps a scheduled draft’s files to those who see the draft', async () => {
    const photo = await uploadFile(server, 'amelie', await jpeg(400, 300), 'soon.jpg');
    const post = await publish('general', 'amelie', { body: 'Soon', publishAt: '2099-01-01T08:00:00.000Z', attachments: [{ file: photo.id }] });
    expect(post.status).toBe(201);
    const attachment = post.body.attachments![0]!;
    expect(await statuses('amelie', attachment)).toEqual([200, 200]);
    expect(await statuses('thomas', attachment)).toEqual([404, 404]);
  });

  it('deletes the files with their post: unreadable at once, rows and bytes gone', async () => {
    const photo = await uploadFile(server, 'amelie', await jpeg(700, 700), 'gone.jpg');
    const post = await publish('general', 'amelie', { body: 'Going', attachments: [{ file: photo.id }] });
    const attachment = post.body.attachments![0]!;
    expect(await statuses('thomas', attachment)).toEqual([200, 200, 200]);
    const before = await storedKeys();
    expect(before.filter((key) => key.startsWith(photo.id))).toHaveLength(3);
    expect((await server.api(`/api/v1/posts/${post.body.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);
    expect(await statuses('thomas', attachment)).toEqual([404, 404, 404]);
    expect(await statuses('amelie', attachment)).toEqual([404, 404, 404]);
    expect(await server.db.selectFrom('files').select('id').where('id', '=', photo.id).execute()).toEqual([]);
    expect(await server.db.selectFrom('file_variants').select('name').where('file_id', '=', photo.id).execute()).toEqual([]);
    expect((await storedKeys()).filter((key) => key.startsWith(photo.id))).toEqual([]);
  });

  it('collects what a crash left between a deletion and its files’ removal', async () => {
    const photo = await uploadFile(server, 'amelie', await jpeg(500, 500), 'left.jpg');
    // As the deletion's transaction leaves them, before their removal.
    await server.db.updateTable('files').set({ object_type: 'deleted', object_id: null }).where('id', '=', photo.id).execute();
    expect(await statuses('amelie', photo as Attachment, [])).toEqual([404]);
    const collected = await server.app.ecotone.uploads!.collectAbandoned();
    expect(collected.files).toBeGreaterThanOrEqual(1);
    expect(await server.db.selectFrom('files').select('id').where('id', '=', photo.id).execute()).toEqual([]);
    expect((await storedKeys()).filter((key) => key.startsWith(photo.id))).toEqual([]);
  });
});

describe('attachments kept in the database (--files-store database)', () => {
  let first: TestServer;
  let second: TestServer | undefined;

  beforeAll(async () => {
    first = await startTestServer({ files: { inDatabase: true } });
    // Several instances share the database, and with it the files.
    if (TEST_ENGINE === 'postgres') second = await startTestServer({ sharing: first, files: { inDatabase: true } });
  });
  afterAll(async () => {
    await second?.close();
    await first.close();
  });

  it('stores the file and its sizes in the database and serves them from every instance; deleting the post deletes them', async () => {
    const photo = await uploadFile(first, 'amelie', await sharp({ create: { width: 900, height: 600, channels: 3, background: '#a52' } }).jpeg().toBuffer(), 'site.jpg');
    const stored = (await first.db.selectFrom('file_objects').select('key').execute()).map((row) => row.key).filter((key) => key.startsWith(photo.id));
    expect(stored.sort()).toEqual([`${photo.id}-w320.webp`, `${photo.id}-w640.webp`, `${photo.id}.jpg`]);
    const created = await first.json<Post>('/api/v1/spaces/general/posts', { as: 'amelie', method: 'POST', body: { body: 'Shared', attachments: [{ file: photo.id }] } });
    expect(created.status).toBe(201);
    for (const server of [first, ...(second ? [second] : [])]) {
      const { token } = (await server.json<{ token: string }>('/api/v1/files/token', { as: 'thomas' })).body;
      const res = await fetch(`${server.url}/api/v1/files/${photo.id}/w640?t=${token}`);
      expect(res.status).toBe(200);
      expect((await sharp(Buffer.from(await res.arrayBuffer())).metadata()).width).toBe(640);
      const part = await fetch(`${server.url}/api/v1/files/${photo.id}?t=${token}`, { headers: { range: 'bytes=0-1' } });
      expect(part.status).toBe(206);
      expect([...new Uint8Array(await part.arrayBuffer())]).toEqual([0xff, 0xd8]);
    }
    expect((await first.api(`/api/v1/posts/${created.body.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);
    expect((await first.db.selectFrom('file_objects').select('key').execute()).filter((row) => row.key.startsWith(photo.id))).toEqual([]);
    expect(await first.db.selectFrom('file_chunks').select('seq').execute()).toEqual([]);
  });
});

describe('a video with its poster and captions', () => {
  let server: TestServer;
  const mp4 = () =>
    Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypisom'), Buffer.from([0, 0, 2, 0]), Buffer.from('isomiso2'), Buffer.from([0, 0, 0, 8]), Buffer.from('mdat')]);
  const vtt = (lines: string[]) =>
    Buffer.from(['WEBVTT', '', ...lines.flatMap((line, i) => [`00:0${i}.000 --> 00:0${i + 1}.000`, line, ''])].join('\n'));

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('attaches a poster and captions in several languages to a video, and searches the words said', async () => {
    const video = await uploadFile(server, 'amelie', mp4(), 'lab-tour.mp4');
    const poster = await uploadFile(server, 'amelie', await sharp({ create: { width: 1280, height: 720, channels: 3, background: '#135' } }).jpeg().toBuffer(), 'poster.jpg');
    const french = await uploadFile(server, 'amelie', vtt(['Bienvenue au laboratoire.', '<v Anna>Voici la paillasse.']), 'fr.vtt');
    const german = await uploadFile(server, 'amelie', vtt(['Willkommen im Labor.', '<v Anna>Hier steht die <b>Zentrifuge</b>.']), 'de.vtt');
    expect(german.kind).toBe('caption');
    const created = await server.json<Post>('/api/v1/spaces/general/posts', {
      as: 'amelie',
      method: 'POST',
      body: {
        body: 'A tour of the lab',
        locale: 'en',
        attachments: [{ file: video.id, alt: 'A tour of the lab', poster: poster.id, captions: [{ file: german.id, locale: 'de' }, { file: french.id, locale: 'fr' }] }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.attachments).toEqual([
      {
        id: video.id,
        kind: 'video',
        mediaType: 'video/mp4',
        name: 'lab-tour.mp4',
        size: video.size,
        alt: 'A tour of the lab',
        poster: { id: poster.id, width: 1280, height: 720, sizes: [{ name: 'w320', width: 320, height: 180 }, { name: 'w640', width: 640, height: 360 }, { name: 'w1280', width: 1280, height: 720 }] },
        captions: [{ id: german.id, locale: 'de' }, { id: french.id, locale: 'fr' }],
      },
    ]);
    // Readers get the captions and the poster, as files of the post.
    const { token } = (await server.json<{ token: string }>('/api/v1/files/token', { as: 'thomas' })).body;
    const track = await fetch(`${server.url}/api/v1/files/${german.id}?t=${token}`);
    expect(track.headers.get('content-type')).toBe('text/vtt');
    expect(await track.text()).toContain('Zentrifuge');
    expect((await fetch(`${server.url}/api/v1/files/${poster.id}/w640?t=${token}`)).status).toBe(200);
    // A word said in German finds the post (stemmed: "Zentrifugen").
    // (The hit shows the post's own text: a transcript is searched, not shown.)
    const hits = await server.json<{ items: { post: Post; locale: string }[] }>('/api/v1/posts/search?q=Zentrifugen', { as: 'thomas' });
    expect(hits.body.items.map((hit) => [hit.post.id, hit.locale])).toEqual([[created.body.id, 'en']]);
    const french_hits = await server.json<{ items: { post: Post }[] }>('/api/v1/posts/search?q=paillasse', { as: 'thomas' });
    expect(french_hits.body.items.map((hit) => hit.post.id)).toEqual([created.body.id]);
    // Deleted with it: posters and captions too.
    expect((await server.api(`/api/v1/posts/${created.body.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);
    for (const id of [video.id, poster.id, french.id, german.id]) expect((await fetch(`${server.url}/api/v1/files/${id}?t=${token}`)).status).toBe(404);
    expect((await server.json<{ items: unknown[] }>('/api/v1/posts/search?q=Zentrifuge', { as: 'thomas' })).body.items).toEqual([]);
  });

  it('adds a recording with its captions to a post later, live, and removes a file with what goes with it', async () => {
    const photo = await uploadFile(server, 'amelie', await sharp({ create: { width: 64, height: 48, channels: 3, background: '#531' } }).jpeg().toBuffer(), 'stage.jpg');
    const created = await server.json<Post>('/api/v1/spaces/general/posts', {
      as: 'amelie',
      method: 'POST',
      body: { body: 'The talk-show, this afternoon', locale: 'en', attachments: [{ file: photo.id, alt: 'The stage' }] },
    });
    expect(created.status).toBe(201);
    const patch = (as: string, body: Record<string, unknown>) => server.json<Post & Problem>(`/api/v1/posts/${created.body.id}`, { as, method: 'PATCH', body });

    // After the session: the recording and its German captions, after the photo.
    const recording = await uploadFile(server, 'amelie', mp4(), 'talk-show.mp4');
    const german = await uploadFile(server, 'amelie', vtt(['Die Frage nach dem Bioreaktor.']), 'de.vtt');
    const stream = await openEvents(server, { as: 'thomas' });
    const added = await patch('amelie', { attach: [{ file: recording.id, alt: 'The recording', captions: [{ file: german.id, locale: 'de' }] }] });
    expect(added.status).toBe(200);
    expect(added.body.attachments?.map((a) => [a.id, a.kind])).toEqual([[photo.id, 'image'], [recording.id, 'video']]);
    const live = await stream.next((m) => m.event === 'post.updated' && m.data.includes(recording.id), 10_000);
    stream.close();
    expect((JSON.parse(live.data) as PostUpdatedEvent).post.attachments?.[1]?.captions).toEqual([{ id: german.id, locale: 'de' }]);
    const { token } = (await server.json<{ token: string }>('/api/v1/files/token', { as: 'thomas' })).body;
    expect((await fetch(`${server.url}/api/v1/files/${recording.id}?t=${token}`)).status).toBe(200);
    const search = async (q: string) => (await server.json<{ items: { post: Post }[] }>(`/api/v1/posts/search?q=${q}`, { as: 'thomas' })).body.items.map((hit) => hit.post.id);
    expect(await search('Bioreaktor')).toEqual([created.body.id]);

    // Ten in all: the eleventh is refused, and the files stay the author's, unattached.
    const more = await Promise.all(Array.from({ length: 9 }, (_, i) => uploadFile(server, 'amelie', Buffer.from(`Page ${i}.\n`), `page-${i}.txt`)));
    const tooMany = await patch('amelie', { attach: more.map((file) => ({ file: file.id })) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.errors).toEqual([{ path: '/body/attach', message: 'must bring at most 10 files in all, and 2 are attached already' }]);
    // Someone else may not add to it, nor remove from it.
    const theirs = await uploadFile(server, 'thomas', Buffer.from('Mine.\n'), 'mine.txt');
    expect((await patch('thomas', { attach: [{ file: theirs.id }] })).status).toBe(403);
    expect((await patch('thomas', { detach: [photo.id] })).status).toBe(403);

    // Removing the recording removes its captions: unreadable, no longer searched, rows gone.
    const removed = await patch('amelie', { detach: [recording.id] });
    expect(removed.body.attachments?.map((a) => a.id)).toEqual([photo.id]);
    for (const id of [recording.id, german.id]) expect((await fetch(`${server.url}/api/v1/files/${id}?t=${token}`)).status).toBe(404);
    expect(await search('Bioreaktor')).toEqual([]);
    expect(await server.db.selectFrom('files').select('id').where('id', 'in', [recording.id, german.id]).execute()).toEqual([]);
    // A file added after a removal goes last.
    const last = await patch('amelie', { attach: [{ file: more[0]!.id }] });
    expect(last.body.attachments?.map((a) => a.id)).toEqual([photo.id, more[0]!.id]);
  });

  it('refuses posters and captions where they do not belong', async () => {
    const video = await uploadFile(server, 'amelie', mp4(), 'clip.mp4');
    const image = await uploadFile(server, 'amelie', await sharp({ create: { width: 50, height: 50, channels: 3, background: '#fff' } }).png().toBuffer(), 'still.png');
    const fr1 = await uploadFile(server, 'amelie', vtt(['Un.']), 'a.vtt');
    const fr2 = await uploadFile(server, 'amelie', vtt(['Deux.']), 'b.vtt');
    const cases: [Record<string, unknown>[], { path: string; message: string }][] = [
      [[{ file: fr1.id }], { path: '/body/attachments/0/file', message: 'is a caption file, which goes with a video' }],
      [[{ file: image.id, captions: [{ file: fr1.id, locale: 'fr' }] }], { path: '/body/attachments/0', message: 'has a poster or captions, which only a video has' }],
      [[{ file: video.id, poster: fr1.id }], { path: '/body/attachments/0/poster', message: 'is not an image' }],
      [[{ file: video.id, captions: [{ file: image.id, locale: 'fr' }] }], { path: '/body/attachments/0/captions/0/file', message: 'is not a WebVTT caption file' }],
      [[{ file: video.id, captions: [{ file: fr1.id, locale: 'fr' }, { file: fr2.id, locale: 'fr' }] }], { path: '/body/attachments/0/captions/1/locale', message: 'has captions in this language already' }],
    ];
    for (const [attachments, error] of cases) {
      const refused = await server.json<Problem>('/api/v1/spaces/general/posts', { as: 'amelie', method: 'POST', body: { body: 'Refused', attachments } });
      expect(refused.status, JSON.stringify(attachments)).toBe(400);
      expect(refused.body.errors).toContainEqual(error);
    }
    expect((await server.db.selectFrom('files').select('id').where('object_id', 'is not', null).where('id', 'in', [video.id, image.id, fr1.id, fr2.id]).execute())).toEqual([]);
  });
});

describe('attachments on comments and notes', () => {
  let server: TestServer;
  const text = (words: string) => Buffer.from(`${words}\n`);
  const statusOf = async (as: string, id: string) => {
    const { token } = (await server.json<{ token: string }>('/api/v1/files/token', { as })).body;
    return (await fetch(`${server.url}/api/v1/files/${id}?t=${token}`)).status;
  };

  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(async () => server.close());

  it('attaches files to a comment for the post’s readers, and lets them go with the comment or the post', async () => {
    const post = await server.json<Post>('/api/v1/spaces/general/posts', { as: 'amelie', method: 'POST', body: { body: 'Minutes, anyone?' } });
    const minutes = await uploadFile(server, 'thomas', text('Minutes of Monday.'), 'minutes.txt');
    const comment = await server.json<Comment & Problem>(`/api/v1/posts/${post.body.id}/comments`, {
      as: 'thomas',
      method: 'POST',
      body: { body: 'Here they are', attachments: [{ file: minutes.id }] },
    });
    expect(comment.status).toBe(201);
    expect(comment.body.attachments).toEqual([{ id: minutes.id, kind: 'document', mediaType: 'text/plain', name: 'minutes.txt', size: minutes.size }]);
    const page = await server.json<{ items: Comment[] }>(`/api/v1/posts/${post.body.id}/comments`, { as: 'lukas' });
    expect(page.body.items.find((c) => c.id === comment.body.id)?.attachments?.[0]?.id).toBe(minutes.id);
    expect(await statusOf('lukas', minutes.id)).toBe(200);
    // Another person's file, or one attached already, is refused: nothing is written.
    const theirs = await uploadFile(server, 'lukas', text('Not Thomas’s.'), 'theirs.txt');
    for (const file of [theirs.id, minutes.id]) {
      const refused = await server.json<Problem>(`/api/v1/posts/${post.body.id}/comments`, { as: 'thomas', method: 'POST', body: { body: 'Again', attachments: [{ file }] } });
      expect(refused.status).toBe(400);
      expect(refused.body.errors?.[0]?.path).toBe('/body/attachments/0/file');
    }
    expect(await server.db.selectFrom('comments').select('id').where('post_id', '=', post.body.id).execute()).toHaveLength(1);

    // Deleting the comment (a placeholder, for it has a reply) deletes its file.
    await server.api(`/api/v1/posts/${post.body.id}/comments`, { as: 'amelie', method: 'POST', body: { body: 'Thanks', parentId: comment.body.id } });
    expect((await server.api(`/api/v1/comments/${comment.body.id}`, { method: 'DELETE', as: 'thomas' })).status).toBe(204);
    expect(await statusOf('lukas', minutes.id)).toBe(404);
    expect(await server.db.selectFrom('files').select('id').where('id', '=', minutes.id).execute()).toEqual([]);

    // Deleting the post deletes its comments' files.
    const photo = await uploadFile(server, 'lukas', await sharp({ create: { width: 40, height: 30, channels: 3, background: '#246' } }).png().toBuffer(), 'board.png');
    const second = await server.json<Comment>(`/api/v1/posts/${post.body.id}/comments`, { as: 'lukas', method: 'POST', body: { body: 'The board', attachments: [{ file: photo.id, alt: 'The board' }] } });
    expect(second.body.attachments?.[0]).toMatchObject({ kind: 'image', alt: 'The board', width: 40, height: 30 });
    expect(await statusOf('amelie', photo.id)).toBe(200);
    expect((await server.api(`/api/v1/posts/${post.body.id}`, { method: 'DELETE', as: 'amelie' })).status).toBe(204);
    expect(await statusOf('lukas', photo.id)).toBe(404);
    expect(await statusOf('amelie', photo.id)).toBe(404);
    // Its row and bytes go with the next sweep.
    await server.app.ecotone.uploads!.collectAbandoned();
    expect(await server.db.selectFrom('files').select('id').where('id', '=', photo.id).execute()).toEqual([]);
  });

  it('attaches files to a note of a secret space for its members only; an edit adds and removes them, a conflicting edit changes none', async () => {
    const report = await uploadFile(server, 'julien', text('Pentest report.'), 'report.txt', 'security-watch');
    const created = await server.json<KnowledgeNote & Problem>('/api/v1/spaces/security-watch/notes', {
      as: 'julien',
      method: 'POST',
      body: { title: 'Pentest 2026', body: 'The report is attached.', attachments: [{ file: report.id }] },
    });
    expect(created.status).toBe(201);
    expect(created.body.attachments?.map((a) => a.id)).toEqual([report.id]);
    expect(await statusOf('lukas', report.id)).toBe(200);
    expect(await statusOf('thomas', report.id)).toBe(404);
    const read = await server.json<KnowledgeNote>(`/api/v1/notes/${created.body.id}`, { as: 'lukas' });
    expect(read.body.attachments).toEqual(created.body.attachments);

    const annex = await uploadFile(server, 'julien', text('Annex.'), 'annex.txt', 'security-watch');
    const edit = (body: Record<string, unknown>) => server.json<KnowledgeNote & Problem>(`/api/v1/notes/${created.body.id}`, { as: 'julien', method: 'PATCH', body });
    // An edit against an old revision: 409, and the annex stays unattached.
    const stale = await edit({ baseRevision: created.body.revision + 5, attach: [{ file: annex.id }] });
    expect(stale.status).toBe(409);
    expect((await server.db.selectFrom('files').select('object_id').where('id', '=', annex.id).executeTakeFirstOrThrow()).object_id).toBeNull();
    const wrong = await edit({ baseRevision: created.body.revision, detach: [annex.id] });
    expect(wrong.body.errors).toEqual([{ path: '/body/detach/0', message: 'is not an attachment of this note' }]);
    const swapped = await edit({ baseRevision: created.body.revision, attach: [{ file: annex.id }], detach: [report.id] });
    expect(swapped.status).toBe(200);
    expect(swapped.body.attachments?.map((a) => a.id)).toEqual([annex.id]);
    expect(await statusOf('lukas', report.id)).toBe(404);
    expect(await statusOf('lukas', annex.id)).toBe(200);

    expect((await server.api(`/api/v1/notes/${created.body.id}`, { method: 'DELETE', as: 'julien' })).status).toBe(204);
    expect(await statusOf('julien', annex.id)).toBe(404);
    expect(await server.db.selectFrom('files').select('id').where('id', 'in', [report.id, annex.id]).execute()).toEqual([]);
  });
});
