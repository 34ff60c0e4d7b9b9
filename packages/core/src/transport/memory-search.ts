/**
 * Post search of {@link MemoryTransport}, simply: every word (case and
 * accents ignored) must appear in one of the post's languages (its source or
 * a variant); the hit names the first such language and marks each word
 * where it occurs. No stemming: the reference server's ranking and stemming
 * are tested against it. Only posts the caller may read are matched.
 */
import { POST_SEARCH_LIMIT_DEFAULT, type PostHit, type PostSearchResult } from '@ecotone/protocol';
import { INVALID_REQUEST_TITLE, namedSpaces, searchQueryErrors, spaceListErrors } from '@ecotone/protocol/rules';
import { newestFirst, type MemoryPosts } from './memory-posts.js';
import { answer, fail, type MemoryRouteTable } from './memory-routing.js';
import type { MemoryStore } from './memory-store.js';
import type { TransportRequest } from '../types.js';

export class MemorySearch {
  constructor(
    private readonly store: MemoryStore,
    private readonly posts: MemoryPosts,
  ) {}

  readonly routes: MemoryRouteTable = {
    postSearch: { GET: answer((req) => this.search(req.query ?? {})) },
  };

  private search(query: NonNullable<TransportRequest['query']>): PostSearchResult {
    const q = String(query['q'] ?? '');
    const named = query['spaces'] ? namedSpaces(String(query['spaces'])) : [];
    const errors = [...searchQueryErrors(q), ...spaceListErrors(named)];
    if (errors.length > 0) throw fail('validation_failed', INVALID_REQUEST_TITLE, errors);
    const words = foldChars(q).split(/\s+/).filter(Boolean);
    const only = query['spaces'] ? new Set(named) : undefined;
    for (const id of only ?? []) this.store.readableSpace(id);
    const hits: PostHit[] = [];
    for (const post of [...this.store.posts.values()].sort(newestFirst)) {
      if (!this.store.visiblePost(post.id) || (only && !only.has(post.spaceId))) continue;
      const texts = [{ locale: post.locale, text: post.body }, ...(post.variants ?? []).map((v) => ({ locale: v.locale, text: v.body }))];
      for (const { locale, text } of texts) {
        const folded = foldChars(text);
        if (!words.every((w) => folded.includes(w))) continue;
        const highlights = words.flatMap((w) => {
          const ranges: [number, number][] = [];
          for (let at = folded.indexOf(w); at >= 0; at = folded.indexOf(w, at + w.length)) ranges.push([at, at + w.length]);
          return ranges;
        });
        hits.push({ post: this.posts.view(post), locale, text, highlights });
        break;
      }
    }
    const limit = Number(query['limit'] ?? POST_SEARCH_LIMIT_DEFAULT);
    const start = query['cursor'] ? Number(query['cursor']) : 0;
    if (!Number.isInteger(start) || start < 0) throw fail('invalid_cursor', 'Unknown cursor');
    return { items: hits.slice(start, start + limit), total: hits.length, nextCursor: start + limit < hits.length ? String(start + limit) : null };
  }
}

/** Lower case without accents, one character for one (offsets stay those of the original text). */
function foldChars(text: string): string {
  let out = '';
  for (const ch of text) {
    const folded = ch.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
    out += folded.length === ch.length ? folded : ch.toLowerCase().length === ch.length ? ch.toLowerCase() : ch;
  }
  return out;
}
