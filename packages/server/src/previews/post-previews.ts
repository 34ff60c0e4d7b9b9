/**
 * The preview of a post's first link, attached after publishing: fetched in
 * the background (the 201 never waits for another host), stored on the post
 * and announced with `post.updated`. A failed preview leaves the post as it
 * is; with egress off nothing happens at all.
 */
import { firstLink, type Post } from '@ecotone/protocol';
import type { ServerContext } from '../context.js';
import { afterCommit, eventTransaction, recordEvent } from '../live/record.js';
import { postViews } from '../posts/post-view.js';
import { findPost } from '../posts/post-repository.js';
import { attachPostPreview } from './preview-repository.js';

export function schedulePostPreview(ctx: ServerContext, post: Pick<Post, 'id' | 'spaceId' | 'body'>): void {
  if (!ctx.previews.enabled) return;
  const link = firstLink(post.body);
  if (!link) return;
  ctx.previews.track(attach(ctx, post, link));
}

async function attach(ctx: ServerContext, post: Pick<Post, 'id' | 'spaceId'>, link: string): Promise<void> {
  let preview;
  try {
    preview = await ctx.previews.preview(link);
  } catch {
    // Refused or failed: the post simply has no card.
    return;
  }
  const now = ctx.now();
  const event = await eventTransaction(ctx.db, async (trx) => {
    const row = await findPost(trx, post.id);
    if (!row) return null;
    await attachPostPreview(trx, post.id, preview, now.toISOString());
    // Stored as nobody in particular sees it; delivery rebuilds it per viewer
    // (live/shaping.ts), as GET /posts/:id would answer them.
    const nobody = { id: '', roleIn: () => null, secret: ctx.ballotSecret, now };
    const [view] = await postViews(trx, nobody, [row], ctx.reactionKinds);
    if (!view) return null;
    const stored: Post = view.polls ? { ...view, polls: view.polls.map(({ results: _results, ...poll }) => poll) } : view;
    return recordEvent(trx, now, post.spaceId, { type: 'post.updated', spaceId: post.spaceId, post: stored });
  });
  if (event) await afterCommit(ctx, [event]);
}
