/**
 * `ecotone export --space … --format as2`: one space as an ActivityStreams
 * 2.0 document (JSON-LD) with its files beside it, for an archive, another
 * system, or another Ecotone server (`as2-import.ts` reads it back).
 *
 * The document is an `OrderedCollection` whose `context` is the space (a
 * `Group`) and whose items come in the order an import needs them: the people
 * (`Person`), the posts (`Note`, `ecotone:kind` telling which kind), their
 * polls (`Question`, `oneOf`/`anyOf` with each choice's `replies.totalItems`),
 * comments (`Note` with `inReplyTo`), reactions (`Like` with
 * `ecotone:reaction`) and knowledge notes (`Article` with their revisions).
 * Attachments are `Image`, `Video` or `Document` objects whose `url` is the
 * file's path relative to the document. Bodies are Markdown (`mediaType:
 * text/markdown`, as AS2 allows on an object).
 *
 * What AS2 has no word for (roles, labels, pins, acknowledgements, a poll's
 * ballots…) is in properties of the `ecotone:` namespace, so the export loses
 * nothing an import needs. Anonymous ballots carry their choices and nobody's
 * name: the export keeps the secret of the vote.
 *
 * Not exported: talk-show questions, watch sources (their items are, as
 * posts), link-preview images, reports, notifications, mentions' index and
 * the live events (see docs/security.md, "Export and import").
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createWriteStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.js';
import { fileKey, sizeKey } from '../files/file-types.js';
import type { FileStore } from '../files/store.js';

/** The version of the document's `ecotone:` properties; an import refuses a version it does not know. */
export const AS2_EXPORT_VERSION = 1;
export const AS2_DOCUMENT = 'space.jsonld';
export const AS2_FILES = 'files';
export const AS2_CONTEXT = ['https://www.w3.org/ns/activitystreams', { ecotone: 'https://ecotone.dev/ns/as2#' }] as const;

/** Rows read per query (ids of `IN (…)` lists too). */
const PAGE = 500;

export type As2Object = Record<string, unknown> & { id: string; type: string };

export interface As2Counts {
  people: number;
  members: number;
  posts: number;
  polls: number;
  ballots: number;
  comments: number;
  reactions: number;
  notes: number;
  noteRevisions: number;
  files: number;
}

export interface As2ExportReport extends As2Counts {
  spaceId: string;
  label: string | null;
  /** The path of the JSON-LD document. */
  document: string;
  bytes: number;
}

export const iri = {
  space: (id: string) => `urn:ecotone:space:${id}`,
  person: (id: string) => `urn:ecotone:person:${id}`,
  post: (id: string) => `urn:ecotone:post:${id}`,
  comment: (id: string) => `urn:ecotone:comment:${id}`,
  poll: (id: string) => `urn:ecotone:poll:${id}`,
  note: (id: string) => `urn:ecotone:note:${id}`,
  file: (id: string) => `urn:ecotone:file:${id}`,
};

/** The id an `urn:ecotone:<type>:<id>` IRI names, or undefined for another IRI or type. */
export function idOf(value: unknown, type: keyof typeof iri): string | undefined {
  const prefix = `urn:ecotone:${type}:`;
  return typeof value === 'string' && value.startsWith(prefix) ? value.slice(prefix.length) : undefined;
}

function chunks<T>(list: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += PAGE) out.push(list.slice(i, i + PAGE));
  return out;
}

/** Every row of `query(after)` page by page, keyed by a text column in ascending order. */
async function allPages<R>(page: (after: string | null) => Promise<R[]>, keyOf: (row: R) => string): Promise<R[]> {
  const rows: R[] = [];
  let after: string | null = null;
  for (;;) {
    const batch = await page(after);
    rows.push(...batch);
    if (batch.length < PAGE) return rows;
    after = keyOf(batch[batch.length - 1]!);
  }
}

const json = (text: string | null): unknown => (text === null ? null : JSON.parse(text));
/** Drops null and undefined properties, so the document says only what is. */
function defined(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined));
}
const MARKDOWN = 'text/markdown';


/**
 * Builds the document of space `spaceId` and writes it with its files into
 * `directory` (created if missing). Returns what it wrote; throws if the
 * space does not exist or a file the database names is missing from `store`.
 */
export async function exportSpaceAs2(
  db: Kysely<Database>,
  options: { spaceId: string; directory: string; store: FileStore; now: Date },
): Promise<As2ExportReport> {
  const { document, files } = await buildAs2Document(db, options.spaceId, options.now);
  await mkdir(join(options.directory, AS2_FILES), { recursive: true });
  for (const key of files) {
    const stream = await options.store.open(key);
    if (!stream) throw new Error(`the file ${key} is in the database but not in the file store`);
    // Streamed to disk: a video may be gigabytes.
    await pipeline(stream, createWriteStream(join(options.directory, AS2_FILES, key)));
  }
  const text = `${JSON.stringify(document.body, null, 2)}\n`;
  const path = join(options.directory, AS2_DOCUMENT);
  await writeFile(path, text);
  return { ...document.counts, spaceId: options.spaceId, label: document.label, document: path, bytes: Buffer.byteLength(text) };
}

/** The document of one space and the store keys of the files it refers to (read in pages; throws for an unknown space). */
export async function buildAs2Document(
  db: Kysely<Database>,
  spaceId: string,
  now: Date,
): Promise<{ document: { body: Record<string, unknown>; counts: As2Counts; label: string | null }; files: string[] }> {
  const space = await db.selectFrom('spaces').selectAll().where('id', '=', spaceId).executeTakeFirst();
  if (!space) throw new Error(`no space "${spaceId}"`);
  const people = new Set<string>();
  const members = await allPages(
    (after) => db.selectFrom('memberships').select(['actor_id', 'role', 'created_at']).where('space_id', '=', spaceId)
      .$if(after !== null, (q) => q.where('actor_id', '>', after!)).orderBy('actor_id').limit(PAGE).execute(),
    (row) => row.actor_id,
  );
  for (const m of members) people.add(m.actor_id);

  const posts = await allPages(
    (after) => db.selectFrom('posts').selectAll().where('space_id', '=', spaceId)
      .$if(after !== null, (q) => q.where('id', '>', after!)).orderBy('id').limit(PAGE).execute(),
    (row) => row.id,
  );
  posts.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const postIds = posts.map((p) => p.id);
  for (const p of posts) people.add(p.author_id);

  const comments = await allPages(
    (after) => db.selectFrom('comments').selectAll().where('space_id', '=', spaceId)
      .$if(after !== null, (q) => q.where('id', '>', after!)).orderBy('id').limit(PAGE).execute(),
    (row) => row.id,
  );
  // Parents before their replies, then by time: the order an import inserts them in.
  comments.sort((a, b) => Number(a.parent_id !== null) - Number(b.parent_id !== null) || a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  for (const c of comments) people.add(c.author_id);

  const polls = await allPages(
    (after) => db.selectFrom('polls').selectAll().where('space_id', '=', spaceId)
      .$if(after !== null, (q) => q.where('id', '>', after!)).orderBy('id').limit(PAGE).execute(),
    (row) => row.id,
  );
  const pollIds = polls.map((p) => p.id);
  for (const p of polls) people.add(p.author_id);
  const options = new Map<string, { id: string; position: number; label: string }[]>();
  const ballots = new Map<string, { voter: string | null; at: string; updated: string; choices: string[] }[]>();
  for (const ids of chunks(pollIds)) {
    for (const o of await db.selectFrom('poll_options').select(['poll_id', 'id', 'position', 'label']).where('poll_id', 'in', ids).execute()) {
      const list = options.get(o.poll_id) ?? [];
      list.push(o);
      options.set(o.poll_id, list);
    }
    const choices = new Map<string, string[]>();
    for (const c of await db.selectFrom('ballot_choices').select(['poll_id', 'voter_key', 'option_id']).where('poll_id', 'in', ids).execute()) {
      const key = `${c.poll_id}\0${c.voter_key}`;
      const list = choices.get(key) ?? [];
      list.push(c.option_id);
      choices.set(key, list);
    }
    for (const b of await db.selectFrom('ballots').select(['poll_id', 'voter_key', 'actor_id', 'created_at', 'updated_at']).where('poll_id', 'in', ids).execute()) {
      const list = ballots.get(b.poll_id) ?? [];
      list.push({ voter: b.actor_id, at: b.created_at, updated: b.updated_at, choices: (choices.get(`${b.poll_id}\0${b.voter_key}`) ?? []).sort() });
      ballots.set(b.poll_id, list);
      if (b.actor_id !== null) people.add(b.actor_id);
    }
  }

  const reactions: { object_id: string; actor_id: string; kind: string; created_at: string }[] = [];
  const variants = new Map<string, { locale: string; body: string; machine: number }[]>();
  const previews = new Map<string, unknown>();
  const acks = new Map<string, { actor_id: string; created_at: string }[]>();
  const talkShows = new Map<string, Record<string, unknown>>();
  const watchItems = new Map<string, Record<string, unknown>>();
  for (const ids of chunks([...postIds, ...comments.map((c) => c.id)])) {
    reactions.push(...(await db.selectFrom('reactions').select(['object_id', 'actor_id', 'kind', 'created_at']).where('object_id', 'in', ids).execute()));
  }
  for (const ids of chunks(postIds)) {
    for (const v of await db.selectFrom('post_variants').select(['post_id', 'locale', 'body', 'machine']).where('post_id', 'in', ids).execute()) {
      const list = variants.get(v.post_id) ?? [];
      list.push(v);
      variants.set(v.post_id, list);
    }
    for (const p of await db.selectFrom('post_link_previews').select(['post_id', 'preview']).where('post_id', 'in', ids).execute()) previews.set(p.post_id, json(p.preview));
    for (const a of await db.selectFrom('post_acks').select(['post_id', 'actor_id', 'created_at']).where('post_id', 'in', ids).execute()) {
      const list = acks.get(a.post_id) ?? [];
      list.push(a);
      acks.set(a.post_id, list);
      people.add(a.actor_id);
    }
    const hosts = await db.selectFrom('talk_show_hosts').select(['post_id', 'actor_id', 'position']).where('post_id', 'in', ids).orderBy('position').execute();
    for (const t of await db.selectFrom('talk_shows').select(['post_id', 'title', 'starts_at', 'duration_minutes', 'stream_url']).where('post_id', 'in', ids).execute()) {
      const own = hosts.filter((h) => h.post_id === t.post_id).map((h) => iri.person(h.actor_id));
      for (const h of hosts) if (h.post_id === t.post_id) people.add(h.actor_id);
      talkShows.set(t.post_id, defined({ name: t.title, startTime: t.starts_at, duration: `PT${t.duration_minutes}M`, url: t.stream_url, 'ecotone:hosts': own }));
    }
    for (const w of await db.selectFrom('watch_items').select(['post_id', 'guid_key', 'link_key', 'title', 'summary', 'link', 'published_at', 'source_title', 'source_url', 'triage', 'triaged_by', 'triaged_at']).where('post_id', 'in', ids).execute()) {
      const { post_id: postId, ...item } = w;
      if (item.triaged_by !== null) people.add(item.triaged_by);
      watchItems.set(postId, defined(item));
    }
  }
  for (const r of reactions) people.add(r.actor_id);
  reactions.sort((a, b) => a.object_id.localeCompare(b.object_id) || a.actor_id.localeCompare(b.actor_id) || a.kind.localeCompare(b.kind));

  const notes = await allPages(
    (after) => db.selectFrom('notes').selectAll().where('space_id', '=', spaceId)
      .$if(after !== null, (q) => q.where('id', '>', after!)).orderBy('id').limit(PAGE).execute(),
    (row) => row.id,
  );
  notes.sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id));
  const revisions = new Map<string, Awaited<ReturnType<typeof listRevisionRows>>>();
  const sources = new Map<string, { url: string; preview: unknown }[]>();
  for (const ids of chunks(notes.map((n) => n.id))) {
    for (const r of await listRevisionRows(db, ids)) {
      const list = revisions.get(r.note_id) ?? [];
      list.push(r);
      revisions.set(r.note_id, list);
      people.add(r.author_id);
    }
    for (const s of await db.selectFrom('note_sources').select(['note_id', 'position', 'url', 'preview']).where('note_id', 'in', ids).orderBy('position').execute()) {
      const list = sources.get(s.note_id) ?? [];
      list.push({ url: s.url, preview: json(s.preview) });
      sources.set(s.note_id, list);
    }
  }
  for (const n of notes) people.add(n.owner_id);

  // Files: what posts, comments and notes of the space hold, with their videos' posters and captions.
  const fileRows = await allPages(
    (after) => db.selectFrom('files').selectAll().where('space_id', '=', spaceId).where('object_type', 'in', ['post', 'comment', 'note'])
      .$if(after !== null, (q) => q.where('id', '>', after!)).orderBy('id').limit(PAGE).execute(),
    (row) => row.id,
  );
  const fileVariants = new Map<string, { name: string; media_type: string; width: number; height: number; size: number }[]>();
  for (const ids of chunks(fileRows.map((f) => f.id))) {
    for (const v of await db.selectFrom('file_variants').select(['file_id', 'name', 'media_type', 'width', 'height', 'size']).where('file_id', 'in', ids).orderBy('width').execute()) {
      const list = fileVariants.get(v.file_id) ?? [];
      list.push({ name: v.name, media_type: v.media_type, width: v.width, height: v.height, size: Number(v.size) });
      fileVariants.set(v.file_id, list);
    }
  }
  const storeKeys: string[] = [];
  const children = new Map<string, As2Object[]>();
  const attachments = new Map<string, As2Object[]>();
  const fileObject = (f: (typeof fileRows)[number]): As2Object => {
    const key = fileKey(f.id, f.media_type);
    storeKeys.push(key);
    const sizes = (fileVariants.get(f.id) ?? []).map((v) => {
      const variantKey = sizeKey(f.id, v.name);
      storeKeys.push(variantKey);
      return { type: 'Link', href: `${AS2_FILES}/${variantKey}`, mediaType: v.media_type, width: v.width, height: v.height, name: v.name, 'ecotone:size': v.size };
    });
    return defined({
      id: iri.file(f.id),
      type: f.kind === 'image' ? 'Image' : f.kind === 'video' ? 'Video' : 'Document',
      name: f.name,
      mediaType: f.media_type,
      url: `${AS2_FILES}/${key}`,
      width: f.width,
      height: f.height,
      summary: f.alt,
      attributedTo: iri.person(f.owner_id),
      published: f.created_at,
      'ecotone:kind': f.kind,
      'ecotone:size': Number(f.size),
      'ecotone:animated': f.animated === 1 ? true : null,
      'ecotone:placeholder': f.placeholder,
      'ecotone:position': f.position,
      'ecotone:role': f.role,
      'ecotone:locale': f.locale,
      'ecotone:text': f.text,
      'ecotone:sizes': sizes.length > 0 ? sizes : null,
    }) as As2Object;
  };
  const byId = (a: { id: string }, b: { id: string }) => a.id.localeCompare(b.id);
  for (const f of [...fileRows].sort(byId)) {
    people.add(f.owner_id);
    const object = fileObject(f);
    if (f.parent_id !== null) {
      const list = children.get(f.parent_id) ?? [];
      list.push(object);
      children.set(f.parent_id, list);
    } else {
      const owner = `${f.object_type}:${f.object_id}`;
      const list = attachments.get(owner) ?? [];
      list.push(object);
      attachments.set(owner, list);
    }
  }
  const attachmentsOf = (type: string, id: string): As2Object[] | null => {
    const list = attachments.get(`${type}:${id}`);
    if (!list) return null;
    return list
      .sort((a, b) => Number(a['ecotone:position'] ?? 0) - Number(b['ecotone:position'] ?? 0) || a.id.localeCompare(b.id))
      .map((a) => {
        const extra = children.get(idOf(a.id, 'file')!);
        return extra ? { ...a, 'ecotone:attachments': extra } : a;
      });
  };
  const moderation = (row: { moderation: string | null; moderation_reason: string | null; moderated_by: string | null; moderated_at: string | null }) => {
    if (row.moderation === null) return null;
    return defined({ state: row.moderation, reason: row.moderation_reason, by: row.moderated_by === null ? null : iri.person(row.moderated_by), at: row.moderated_at });
  };

  for (const row of [...posts, ...comments, ...notes]) if (row.moderated_by !== null) people.add(row.moderated_by);
  const actors = [...people].sort();
  const actorRows = new Map<string, Record<string, unknown>>();
  for (const ids of chunks(actors)) {
    for (const a of await db.selectFrom('actors').select(['id', 'display_name', 'avatar_url', 'site', 'locale', 'title', 'time_zone', 'created_at', 'deactivated_at']).where('id', 'in', ids).execute()) {
      actorRows.set(a.id, a);
    }
  }
  const items: As2Object[] = [];
  for (const id of actors) {
    const a = actorRows.get(id);
    if (!a) continue;
    items.push(defined({
      id: iri.person(id),
      type: 'Person',
      name: a['display_name'],
      icon: a['avatar_url'],
      published: a['created_at'],
      'ecotone:site': a['site'],
      'ecotone:locale': a['locale'],
      'ecotone:title': a['title'],
      'ecotone:timeZone': a['time_zone'],
      'ecotone:deactivated': a['deactivated_at'],
    }) as As2Object);
  }
  const pollsByPost = new Map<string, string[]>();
  for (const p of polls) {
    if (p.post_id === null) continue;
    const list = pollsByPost.get(p.post_id) ?? [];
    list.push(iri.poll(p.id));
    pollsByPost.set(p.post_id, list);
  }
  for (const p of posts) {
    const langs = variants.get(p.id) ?? [];
    items.push(defined({
      id: iri.post(p.id),
      type: 'Note',
      attributedTo: iri.person(p.author_id),
      context: iri.space(spaceId),
      published: p.created_at,
      updated: p.edited_at,
      mediaType: MARKDOWN,
      content: p.body,
      contentMap: langs.length > 0 ? Object.fromEntries([[p.locale, p.body], ...langs.map((v) => [v.locale, v.body])]) : null,
      attachment: attachmentsOf('post', p.id),
      preview: (previews.get(p.id) as Record<string, unknown> | undefined) ?? null,
      'ecotone:kind': p.kind,
      'ecotone:locale': p.locale,
      'ecotone:machineTranslated': langs.filter((v) => v.machine === 1).map((v) => v.locale).sort(),
      'ecotone:publishAt': p.publish_at,
      'ecotone:publishPending': p.publish_pending === 1 ? true : null,
      'ecotone:pinned': p.pinned_at === null ? null : defined({ at: p.pinned_at, until: p.pinned_until }),
      'ecotone:acknowledgement': p.requires_ack === 1
        ? defined({ by: p.ack_by, reminded: p.ack_reminded === 1 ? true : null, acknowledged: (acks.get(p.id) ?? []).sort((a, b) => a.actor_id.localeCompare(b.actor_id)).map((a) => ({ actor: iri.person(a.actor_id), at: a.created_at })) })
        : null,
      'ecotone:extension': json(p.extension),
      // The post it quotes (of this space or another): a reference, not its text.
      quoteUrl: p.quote_of === null ? null : iri.post(p.quote_of),
      'ecotone:polls': pollsByPost.get(p.id) ?? null,
      'ecotone:talkShow': talkShows.get(p.id) ?? null,
      'ecotone:watch': watchItems.get(p.id) ?? null,
      'ecotone:moderation': moderation(p),
    }) as As2Object);
  }
  let ballotCount = 0;
  for (const p of [...polls].sort((a, b) => a.created_at.localeCompare(b.created_at) || a.id.localeCompare(b.id))) {
    const cast = (ballots.get(p.id) ?? []).sort((a, b) => (a.voter ?? '').localeCompare(b.voter ?? '') || a.at.localeCompare(b.at) || a.choices.join().localeCompare(b.choices.join()));
    ballotCount += cast.length;
    const tally = new Map<string, number>();
    for (const b of cast) for (const c of b.choices) tally.set(c, (tally.get(c) ?? 0) + 1);
    const choices = (options.get(p.id) ?? []).sort((a, b) => a.position - b.position).map((o) => ({
      type: 'Note',
      name: o.label,
      'ecotone:id': o.id,
      replies: { type: 'Collection', totalItems: tally.get(o.id) ?? 0 },
    }));
    items.push(defined({
      id: iri.poll(p.id),
      type: 'Question',
      attributedTo: iri.person(p.author_id),
      context: iri.space(spaceId),
      inReplyTo: p.post_id === null ? null : iri.post(p.post_id),
      name: p.question,
      published: p.created_at,
      endTime: p.closes_at,
      closed: p.closed_at,
      [p.mode === 'multiple' ? 'anyOf' : 'oneOf']: choices,
      votersCount: cast.length,
      'ecotone:mode': p.mode,
      'ecotone:position': p.position,
      'ecotone:maxChoices': p.max_choices,
      'ecotone:scale': p.scale_min === null ? null : defined({ min: p.scale_min, max: p.scale_max, minLabel: p.scale_min_label, maxLabel: p.scale_max_label }),
      'ecotone:anonymous': p.anonymous === 1,
      'ecotone:resultsVisibility': p.results_visibility,
      'ecotone:ballots': cast.map((b) => defined({ actor: p.anonymous === 1 || b.voter === null ? null : iri.person(b.voter), published: b.at, updated: b.updated === b.at ? null : b.updated, choices: b.choices })),
    }) as As2Object);
  }
  for (const c of comments) {
    items.push(defined({
      id: iri.comment(c.id),
      type: c.deleted_at === null ? 'Note' : 'Tombstone',
      attributedTo: iri.person(c.author_id),
      context: iri.space(spaceId),
      inReplyTo: c.parent_id === null ? iri.post(c.post_id) : iri.comment(c.parent_id),
      published: c.created_at,
      updated: c.edited_at,
      deleted: c.deleted_at,
      mediaType: MARKDOWN,
      content: c.body,
      attachment: attachmentsOf('comment', c.id),
      'ecotone:post': iri.post(c.post_id),
      'ecotone:locale': c.locale,
      'ecotone:moderation': moderation(c),
    }) as As2Object);
  }
  const objectIri = new Map<string, string>([...postIds.map((id) => [id, iri.post(id)] as const), ...comments.map((c) => [c.id, iri.comment(c.id)] as const)]);
  for (const r of reactions) {
    items.push({
      id: `urn:ecotone:reaction:${r.object_id}:${r.actor_id}:${r.kind}`,
      type: 'Like',
      actor: iri.person(r.actor_id),
      object: objectIri.get(r.object_id)!,
      published: r.created_at,
      'ecotone:reaction': r.kind,
    });
  }
  let revisionCount = 0;
  for (const n of notes) {
    const history = (revisions.get(n.id) ?? []).sort((a, b) => a.revision - b.revision);
    revisionCount += history.length;
    items.push(defined({
      id: iri.note(n.id),
      type: 'Article',
      attributedTo: iri.person(n.owner_id),
      context: iri.space(spaceId),
      name: n.title,
      mediaType: MARKDOWN,
      content: n.body,
      published: n.created_at,
      updated: n.updated_at,
      tag: (JSON.parse(history.at(-1)?.tags ?? '[]') as string[]).map((t) => ({ type: 'Hashtag', name: t })),
      attachment: attachmentsOf('note', n.id),
      'ecotone:language': n.language,
      'ecotone:maturity': n.maturity,
      'ecotone:reviewBy': n.review_by,
      'ecotone:promotedFrom': n.promoted_from === null ? null : iri.post(n.promoted_from),
      'ecotone:sources': sources.get(n.id) ?? [],
      'ecotone:revisions': history.map((r) => defined({
        revision: r.revision,
        name: r.title,
        content: r.body,
        language: r.language,
        tags: JSON.parse(r.tags) as string[],
        sources: JSON.parse(r.sources) as string[],
        maturity: r.maturity,
        reviewBy: r.review_by,
        attributedTo: iri.person(r.author_id),
        published: r.created_at,
      })),
      'ecotone:moderation': moderation(n),
    }) as As2Object);
  }

  const group = defined({
    id: iri.space(spaceId),
    type: 'Group',
    name: space.name,
    summary: space.description,
    published: space.created_at,
    'ecotone:visibility': space.visibility,
    'ecotone:site': space.site,
    'ecotone:locale': space.locale,
    'ecotone:label': space.label,
    'ecotone:capabilities': json(space.capabilities),
    'ecotone:retentionDays': space.retention_days,
    'ecotone:members': members.map((m) => ({ actor: iri.person(m.actor_id), role: m.role, since: m.created_at })),
  });
  const counts: As2Counts = {
    people: actorRows.size,
    members: members.length,
    posts: posts.length,
    polls: polls.length,
    ballots: ballotCount,
    comments: comments.length,
    reactions: reactions.length,
    notes: notes.length,
    noteRevisions: revisionCount,
    files: fileRows.length,
  };
  const body = {
    '@context': AS2_CONTEXT,
    id: `urn:ecotone:export:${spaceId}`,
    type: 'OrderedCollection',
    summary: `Ecotone export of the space ${spaceId}`,
    published: now.toISOString(),
    generator: { type: 'Application', name: 'Ecotone' },
    'ecotone:version': AS2_EXPORT_VERSION,
    context: group,
    totalItems: items.length,
    orderedItems: items,
  };
  return { document: { body, counts, label: space.label }, files: storeKeys };
}

function listRevisionRows(db: Kysely<Database>, noteIds: readonly string[]) {
  return db.selectFrom('note_revisions').selectAll().where('note_id', 'in', noteIds).execute();
}
