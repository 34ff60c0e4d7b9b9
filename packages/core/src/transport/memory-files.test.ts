/**
 * Files in an in-process world: uploaded, attached to a post with the
 * shared rules, readable by the uploader, then by the post's readers, and
 * gone with the post.
 */
import { describe, expect, it } from 'vitest';
import { routes, type Comment, type KnowledgeNote, type Post } from '@ecotone/protocol';
import { ben, me, newsSpace } from '../_fixtures.js';
import { isEcotoneError } from '../errors.js';
import { MemoryTransport } from './memory-transport.js';
import { MemoryWorld } from './memory-world.js';

const secret = { ...newsSpace, id: 'secret', name: 'Secret', visibility: 'secret' as const };
const world = () => {
  const w = new MemoryWorld({ me, spaces: [newsSpace, secret], posts: [], members: { news: [{ actor: ben, role: 'member', since: '2026-01-01T00:00:00.000Z' }] } });
  return { ana: new MemoryTransport(w, me.actor), ben: new MemoryTransport(w, ben) };
};
const codeOf = (promise: Promise<unknown>) => promise.then(() => 'resolved', (err: unknown) => (isEcotoneError(err) ? err.code : String(err)));

describe('MemoryTransport files', () => {
  it('uploads, attaches and serves a file to its post’s readers, and forgets it with the post', async () => {
    const { ana, ben: b } = world();
    const progress: number[] = [];
    const photo = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3])], { type: 'image/jpeg' });
    const file = await ana.files.upload('news', Object.assign(photo, { name: 'C:\\photos\\site.JPEG' }), { onProgress: (sent) => progress.push(sent) });
    expect(file).toMatchObject({ kind: 'image', mediaType: 'image/jpeg', name: 'site.jpg', size: 6 });
    expect(progress).toEqual([6]);
    // Hers alone until attached.
    expect(await ana.files.url(file.id)).toMatch(/^blob:/);
    expect(await codeOf(b.files.url(file.id))).toBe('not_found');

    const post = await ana.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: 'The site', attachments: [{ file: file.id, alt: ' The site\u202E ' }] } });
    expect(post.attachments).toEqual([{ id: file.id, kind: 'image', mediaType: 'image/jpeg', name: 'site.jpg', size: 6, alt: 'The site' }]);
    const url = await b.files.url(file.id);
    expect(new Uint8Array(await (await fetch(url)).arrayBuffer())).toEqual(new Uint8Array([0xff, 0xd8, 0xff, 1, 2, 3]));
    // Attached once only.
    const again = ana.request({ method: 'POST', path: routes.publish('news'), body: { body: 'Again', attachments: [{ file: file.id }] } });
    expect(await codeOf(again)).toBe('validation_failed');

    await ana.request({ method: 'DELETE', path: routes.post(post.id) });
    expect(await codeOf(b.files.url(file.id))).toBe('not_found');
    expect(await codeOf(ana.files.url(file.id))).toBe('not_found');
  });

  it('serves a comment’s and a note’s files to those who read them, and forgets them with the comment, the post, the note', async () => {
    const { ana, ben: b } = world();
    const text = (words: string) => new Blob([words], { type: 'text/plain' });
    const post = await ana.request<Post>({ method: 'POST', path: routes.publish('news'), body: { body: 'Minutes?' } });
    const minutes = await b.files.upload('news', text('Minutes.'));
    const comment = await b.request<Comment>({ method: 'POST', path: routes.comments(post.id), body: { body: 'Here', attachments: [{ file: minutes.id }] } });
    expect(comment.attachments?.map((a) => a.id)).toEqual([minutes.id]);
    expect(await ana.files.url(minutes.id)).toMatch(/^blob:/);
    await b.request({ method: 'DELETE', path: routes.comment(comment.id) });
    expect(await codeOf(ana.files.url(minutes.id))).toBe('not_found');
    // The post's deletion takes its comments' files.
    const board = await b.files.upload('news', text('Board.'));
    await b.request({ method: 'POST', path: routes.comments(post.id), body: { body: 'Board', attachments: [{ file: board.id }] } });
    await ana.request({ method: 'DELETE', path: routes.post(post.id) });
    expect(await codeOf(b.files.url(board.id))).toBe('not_found');

    // A secret space's note: its members only; an edit swaps its files.
    const report = await ana.files.upload('secret', text('Report.'));
    const note = await ana.request<KnowledgeNote>({ method: 'POST', path: routes.spaceNotes('secret'), body: { title: 'Pentest', attachments: [{ file: report.id }] } });
    expect(note.attachments?.map((a) => a.id)).toEqual([report.id]);
    expect(await codeOf(b.files.url(report.id))).toBe('not_found');
    const annex = await ana.files.upload('secret', text('Annex.'));
    const edited = await ana.request<KnowledgeNote>({ method: 'PATCH', path: routes.note(note.id), body: { baseRevision: 1, attach: [{ file: annex.id }], detach: [report.id] } });
    expect(edited.attachments?.map((a) => a.id)).toEqual([annex.id]);
    expect(edited).not.toHaveProperty('attach');
    expect(await codeOf(ana.files.url(report.id))).toBe('not_found');
    await ana.request({ method: 'DELETE', path: routes.note(note.id) });
    expect(await codeOf(ana.files.url(annex.id))).toBe('not_found');
  });

  it('refuses what the server refuses: other types, empty files, spaces one may not post in', async () => {
    const { ana, ben: b } = world();
    expect(await codeOf(ana.files.upload('news', new Blob(['<svg/>'], { type: 'image/svg+xml' })))).toBe('file_type_refused');
    expect(await codeOf(ana.files.upload('news', new Blob([], { type: 'text/plain' })))).toBe('file_empty');
    expect(await codeOf(b.files.upload('secret', new Blob(['x'], { type: 'text/plain' })))).toBe('not_found');
    const aborted = new AbortController();
    aborted.abort();
    expect(await codeOf(ana.files.upload('news', new Blob(['x'], { type: 'text/plain' }), { signal: aborted.signal }))).toBe('aborted');
  });
});
