/**
 * `ecotone import <export-directory>`: reads back a space exported by
 * `as2-export.ts` into another server (or the same one under another id), in
 * one transaction: nothing is written when anything is refused.
 *
 * - The space keeps its id (or takes `--space <id>`); a database that already
 *   has that id refuses the import. `--into <space>` adds the content to an
 *   existing space instead, keeping that space's members and settings.
 * - Labels: a labelled export needs the server's labels (`--classification`),
 *   and content only flows upwards: importing into a space of a lower label
 *   is refused (`classification_violation`), as every other copy path is.
 * - Posts, comments, polls, notes and files keep their ids when the database
 *   has none of them; otherwise they all get new ones, so the same export can
 *   be imported twice.
 * - People are matched by id: one the database has is kept as it knows them.
 * - Anonymous ballots come back under keys nobody can link to a person (the
 *   export names no voter): the tallies are whole, but a voter of the old
 *   server is not recognised as one on the new.
 */
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Insertable, Kysely } from 'kysely';
import {
  SUPPORTED_LOCALES,
  effectiveLabel,
  mayFlow,
  NOTE_MATURITIES,
  POLL_MODES,
  POST_KINDS,
  RETENTION_MAX_DAYS,
  ROLES,
  VISIBILITIES,
  type LabelOrder,
  type PollMode,
} from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { insertAck } from '../announcements/ack-repository.js';
import { appendAudit } from '../audit/audit-log.js';
import { insertComment } from '../comments/comment-repository.js';
import { fileKey, sizeKey, FILE_KINDS } from '../files/file-types.js';
import type { FileStore } from '../files/store.js';
import { eventTransaction } from '../live/event-transaction.js';
import { insertNote, updateNote, type NoteContent } from '../notes/note-repository.js';
import { noteIndexText } from '../notes/note-service.js';
import { findActors, insertActor } from '../people/actor-repository.js';
import { castBallot, insertPoll } from '../polls/poll-repository.js';
import { insertPost } from '../posts/post-repository.js';
import { reindexPostTexts } from '../posts/post-text-repository.js';
import { insertVariants } from '../posts/variant-repository.js';
import { attachPostPreview } from '../previews/preview-repository.js';
import { insertReactions } from '../reactions/reaction-repository.js';
import { ImportRefused } from '../seed/world-import.js';
import { findSpaces, insertMembership, insertSpace } from '../spaces/space-repository.js';
import { insertTalkShow } from '../talk-shows/talk-show-repository.js';
import { AS2_DOCUMENT, AS2_EXPORT_VERSION, AS2_FILES, idOf, type As2Counts } from './as2-export.js';

export { ImportRefused };

type Json = Record<string, unknown>;

export interface As2ImportOptions {
  directory: string;
  store: FileStore;
  /** The server's labels, lowest first (empty: the server has none). */
  order: LabelOrder;
  /** Import as a new space of this id instead of the export's. */
  spaceId?: string;
  /** Add the content to this existing space instead of making one. */
  into?: string;
  now: Date;
  /** Who runs it, for the audit entry. */
  operator: string;
}

export interface As2ImportReport extends As2Counts {
  spaceId: string;
  /** People the database had already (kept as it knows them; not in `people`). */
  peopleKept: number;
  /** Whether the content kept its ids (false: the database had some of them, all got new ones). */
  idsKept: boolean;
  label: string | null;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;
const ISO = (value: unknown): value is string => typeof value === 'string' && !Number.isNaN(Date.parse(value));

function refuse(message: string): never {
  throw new ImportRefused(message);
}
/** The classification refusal, with the code every other copy path gives. */
function refuseFlow(message: string): never {
  throw new ImportRefused(`classification_violation: ${message}`);
}

const text = (o: Json, key: string, where: string): string => {
  const value = o[key];
  if (typeof value !== 'string') refuse(`${where}: "${key}" must be text`);
  return value;
};
const optText = (o: Json, key: string, where: string): string | null => (o[key] === undefined || o[key] === null ? null : text(o, key, where));
const time = (o: Json, key: string, where: string): string => {
  const value = o[key];
  if (!ISO(value)) refuse(`${where}: "${key}" must be a date`);
  return value;
};
const optTime = (o: Json, key: string, where: string): string | null => (o[key] === undefined || o[key] === null ? null : time(o, key, where));
const list = (o: Json, key: string): Json[] => {
  const value = o[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) refuse(`"${key}" must be a list`);
  return value as Json[];
};
const oneOf = <T extends string>(values: readonly T[], value: unknown, where: string): T => {
  if (!(values as readonly unknown[]).includes(value)) refuse(`${where}: unknown value ${JSON.stringify(value)}`);
  return value as T;
};

/** Reads the export's document and checks its envelope. */
async function readDocument(directory: string): Promise<Json> {
  let raw: string;
  try {
    raw = await readFile(join(directory, AS2_DOCUMENT), 'utf8');
  } catch (error) {
    refuse(`cannot read ${join(directory, AS2_DOCUMENT)}: ${error instanceof Error ? error.message : String(error)}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(raw);
  } catch (error) {
    refuse(`${AS2_DOCUMENT} is not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) refuse(`${AS2_DOCUMENT} is not an ActivityStreams document`);
  const body = doc as Json;
  const context = body['@context'];
  const contexts = Array.isArray(context) ? context : [context];
  if (!contexts.includes('https://www.w3.org/ns/activitystreams') || body['type'] !== 'OrderedCollection') {
    refuse(`${AS2_DOCUMENT} is not an ActivityStreams collection`);
  }
  if (body['ecotone:version'] !== AS2_EXPORT_VERSION) refuse(`${AS2_DOCUMENT} is version ${JSON.stringify(body['ecotone:version'])} of Ecotone's export; this server reads version ${AS2_EXPORT_VERSION}`);
  const group = body['context'] as Json | undefined;
  if (typeof group !== 'object' || group === null || group['type'] !== 'Group') refuse('the export names no space (its context is no Group)');
  if (!Array.isArray(body['orderedItems'])) refuse('the export has no orderedItems');
  return body;
}

/** A reference to one of the file's objects of `type`, or a refusal saying where. */
function ref(value: unknown, type: 'person' | 'post' | 'comment' | 'poll' | 'note', known: ReadonlySet<string>, where: string): string {
  const id = idOf(value, type);
  if (id === undefined || !known.has(id)) refuse(`${where}: ${JSON.stringify(value)} is none of the export's ${type}s`);
  return id;
}

/**
 * Imports the export in `options.directory`. Throws {@link ImportRefused}
 * (nothing written, no file left in the store) for an export this server does
 * not read, one that contradicts itself, a space id the database has, or a
 * label the flow control refuses.
 */
export async function importSpaceAs2(db: Kysely<Database>, options: As2ImportOptions): Promise<As2ImportReport> {
  const body = await readDocument(options.directory);
  const group = body['context'] as Json;
  const items = body['orderedItems'] as Json[];
  const sourceSpace = idOf(group['id'], 'space') ?? refuse('the space has no urn:ecotone:space: id');
  const byType = (type: string) => items.filter((item) => typeof item === 'object' && item !== null && item['type'] === type);
  const people = byType('Person');
  const posts = byType('Note').filter((n) => idOf(n['id'], 'post') !== undefined);
  const comments = items.filter((n) => typeof n === 'object' && n !== null && (n['type'] === 'Note' || n['type'] === 'Tombstone') && idOf(n['id'], 'comment') !== undefined);
  const polls = byType('Question');
  const likes = byType('Like');
  const notes = byType('Article');

  // Ids and references, before anything is written.
  const personIds = new Set<string>();
  for (const [i, p] of people.entries()) {
    const id = idOf(p['id'], 'person');
    if (id === undefined || !ID.test(id)) refuse(`people[${i}]: an urn:ecotone:person: id of letters, digits, "-" and "_"`);
    if (typeof p['name'] !== 'string' || p['name'].trim() === '') refuse(`person ${id} has no name`);
    personIds.add(id);
  }
  const idsOf = (objects: Json[], type: 'post' | 'comment' | 'poll' | 'note') => {
    const ids = new Set<string>();
    for (const o of objects) {
      const id = idOf(o['id'], type);
      if (id === undefined || !ID.test(id)) refuse(`${JSON.stringify(o['id'])}: not an urn:ecotone:${type}: id`);
      if (ids.has(id)) refuse(`${type} ${id} appears twice`);
      ids.add(id);
    }
    return ids;
  };
  const postIds = idsOf(posts, 'post');
  const commentIds = idsOf(comments, 'comment');
  const pollIds = idsOf(polls, 'poll');
  const noteIds = idsOf(notes, 'note');
  const fileObjects: { file: Json; parent: string | null; owner: { type: 'post' | 'comment' | 'note'; id: string } }[] = [];
  const collectFiles = (type: 'post' | 'comment' | 'note', id: string, object: Json) => {
    for (const file of list(object, 'attachment')) {
      fileObjects.push({ file, parent: null, owner: { type, id } });
      for (const extra of list(file, 'ecotone:attachments')) fileObjects.push({ file: extra, parent: idOf(file['id'], 'file') ?? null, owner: { type, id } });
    }
  };
  for (const p of posts) collectFiles('post', idOf(p['id'], 'post')!, p);
  for (const c of comments) collectFiles('comment', idOf(c['id'], 'comment')!, c);
  for (const n of notes) collectFiles('note', idOf(n['id'], 'note')!, n);
  const fileIds = new Set<string>();
  for (const { file } of fileObjects) {
    const id = idOf(file['id'], 'file');
    if (id === undefined || !ID.test(id)) refuse(`${JSON.stringify(file['id'])}: not an urn:ecotone:file: id`);
    fileIds.add(id);
  }

  // The space and its label.
  const visibility = oneOf(VISIBILITIES, group['ecotone:visibility'], 'the space\'s ecotone:visibility');
  const label = optText(group, 'ecotone:label', 'the space');
  const targetId = options.into ?? options.spaceId ?? sourceSpace;
  if (!ID.test(targetId)) refuse(`"${targetId}" is not a space id: letters, digits, "-" and "_", up to 64`);
  const existing = (await findSpaces(db, [targetId])).get(targetId);
  let targetLabel: string | null = label;
  if (options.into !== undefined) {
    if (!existing) refuse(`--into: there is no space "${options.into}"`);
    targetLabel = existing.label ?? null;
  } else if (existing) {
    refuse(`the database already has the space ${targetId}: import under another id (--space), or into it (--into)`);
  }
  if (label !== null && !options.order.includes(label)) {
    refuse(options.order.length === 0
      ? `the export is labelled ${label}: give the server's labels (--classification) so the import keeps it`
      : `the export is labelled ${label}, which is none of the server's labels (${options.order.join(', ')})`);
  }
  if (!mayFlow(options.order, label, targetLabel)) {
    refuseFlow(`the export is labelled ${effectiveLabel(options.order, label)} and the space ${targetId} only ${effectiveLabel(options.order, targetLabel)}: content never flows to a lower label`);
  }

  const retention = group['ecotone:retentionDays'];
  if (retention !== undefined && retention !== null && !(Number.isInteger(retention) && (retention as number) >= 1 && (retention as number) <= RETENTION_MAX_DAYS)) {
    refuse(`the space's ecotone:retentionDays must be a whole number of days from 1 to ${RETENTION_MAX_DAYS}`);
  }
  const retentionDays = typeof retention === 'number' ? retention : null;

  // Ids: kept when the database has none of them.
  const taken = async (table: 'posts' | 'comments' | 'polls' | 'notes' | 'files', ids: ReadonlySet<string>) => {
    for (let i = 0, all = [...ids]; i < all.length; i += 500) {
      if ((await db.selectFrom(table).select('id').where('id', 'in', all.slice(i, i + 500)).limit(1).execute()).length > 0) return true;
    }
    return false;
  };
  const idsKept = !((await taken('posts', postIds)) || (await taken('comments', commentIds)) || (await taken('polls', pollIds)) || (await taken('notes', noteIds)) || (await taken('files', fileIds)));
  const ids = new Map<string, string>();
  const fresh = (bytes: number) => randomBytes(bytes).toString('base64url');
  for (const id of [...postIds, ...commentIds, ...noteIds, ...pollIds, ...fileIds]) ids.set(id, idsKept ? id : fresh(12));
  const mapped = (id: string) => ids.get(id)!;

  // Files first, outside the transaction (the store is not in the database): removed again if the import fails.
  const written: string[] = [];
  const fileRows: Insertable<Database['files']>[] = [];
  const variantRows: Insertable<Database['file_variants']>[] = [];
  try {
    for (const { file, parent, owner } of fileObjects) {
      const oldId = idOf(file['id'], 'file')!;
      const id = mapped(oldId);
      const where = `file ${oldId}`;
      const mediaType = text(file, 'mediaType', where);
      const kind = oneOf(FILE_KINDS, file['ecotone:kind'], `${where}: ecotone:kind`);
      const owned = ref(file['attributedTo'], 'person', personIds, where);
      const key = fileKey(id, mediaType);
      const original = await exportFile(options.directory, text(file, 'url', where), where);
      await options.store.put(key, { path: original.path });
      written.push(key);
      for (const size of list(file, 'ecotone:sizes')) {
        const name = text(size, 'name', where);
        const variant = await exportFile(options.directory, text(size, 'href', where), where);
        const variantKey = sizeKey(id, name);
        await options.store.put(variantKey, { path: variant.path });
        written.push(variantKey);
        variantRows.push({ file_id: id, name, media_type: text(size, 'mediaType', where), width: Number(size['width']), height: Number(size['height']), size: variant.size });
      }
      fileRows.push({
        id,
        owner_id: owned,
        space_id: targetId,
        kind,
        media_type: mediaType,
        name: text(file, 'name', where),
        size: original.size,
        width: typeof file['width'] === 'number' ? file['width'] : null,
        height: typeof file['height'] === 'number' ? file['height'] : null,
        animated: file['ecotone:animated'] === true ? 1 : 0,
        placeholder: optText(file, 'ecotone:placeholder', where),
        object_type: owner.type,
        object_id: mapped(owner.id),
        created_at: time(file, 'published', where),
        alt: optText(file, 'summary', where),
        position: typeof file['ecotone:position'] === 'number' ? file['ecotone:position'] : 0,
        parent_id: parent === null ? null : mapped(parent),
        role: file['ecotone:role'] === 'poster' || file['ecotone:role'] === 'caption' ? file['ecotone:role'] : null,
        locale: optText(file, 'ecotone:locale', where),
        text: optText(file, 'ecotone:text', where),
      });
    }

    const report: As2ImportReport = {
      spaceId: targetId, label: targetLabel, idsKept, people: 0, peopleKept: 0, members: 0, posts: 0, polls: 0, ballots: 0,
      comments: 0, reactions: 0, notes: 0, noteRevisions: 0, files: fileRows.length,
    };
    await eventTransaction(db, async (trx) => {
      const known = await findActors(trx, [...personIds]);
      for (const p of people) {
        const id = idOf(p['id'], 'person')!;
        if (known.has(id)) {
          report.peopleKept++;
          continue;
        }
        const where = `person ${id}`;
        await insertActor(trx, {
          id,
          display_name: text(p, 'name', where).trim(),
          avatar_url: optText(p, 'icon', where),
          site: optText(p, 'ecotone:site', where),
          locale: oneOf(SUPPORTED_LOCALES, p['ecotone:locale'] ?? 'en', `${where}: ecotone:locale`),
          title: optText(p, 'ecotone:title', where),
          time_zone: optText(p, 'ecotone:timeZone', where),
          created_at: optTime(p, 'published', where) ?? options.now.toISOString(),
          deactivated_at: optTime(p, 'ecotone:deactivated', where),
        });
        report.people++;
      }

      if (options.into === undefined) {
        const capabilities = group['ecotone:capabilities'];
        await insertSpace(trx, {
          id: targetId,
          name: text(group, 'name', 'the space').trim(),
          description: optText(group, 'summary', 'the space') ?? '',
          visibility,
          site: optText(group, 'ecotone:site', 'the space'),
          locale: oneOf(SUPPORTED_LOCALES, group['ecotone:locale'] ?? 'en', 'the space\'s ecotone:locale'),
          created_at: time(group, 'published', 'the space'),
          label,
          capabilities: capabilities === undefined || capabilities === null ? null : JSON.stringify(capabilities),
          retention_days: retentionDays,
        });
        for (const m of list(group, 'ecotone:members')) {
          await insertMembership(trx, {
            spaceId: targetId,
            actorId: ref(m['actor'], 'person', personIds, 'a member'),
            role: oneOf(ROLES, m['role'], 'a member\'s role'),
            createdAt: time(m, 'since', 'a member'),
          });
          report.members++;
        }
      }

      // Files before posts: a caption's words are indexed with its post.
      for (const row of fileRows) await trx.insertInto('files').values(row).execute();
      if (variantRows.length > 0) await trx.insertInto('file_variants').values(variantRows).execute();

      for (const p of posts) {
        const oldId = idOf(p['id'], 'post')!;
        const where = `post ${oldId}`;
        const id = mapped(oldId);
        const locale = oneOf(SUPPORTED_LOCALES, p['ecotone:locale'], `${where}: ecotone:locale`);
        const pinned = p['ecotone:pinned'] as Json | undefined;
        const ack = p['ecotone:acknowledgement'] as Json | undefined;
        const moderation = p['ecotone:moderation'] as Json | undefined;
        const createdAt = time(p, 'published', where);
        await insertPost(trx, {
          id,
          space_id: targetId,
          author_id: ref(p['attributedTo'], 'person', personIds, where),
          kind: oneOf(POST_KINDS, p['ecotone:kind'], `${where}: ecotone:kind`),
          body: text(p, 'content', where),
          locale,
          created_at: createdAt,
          edited_at: optTime(p, 'updated', where),
          publish_at: optTime(p, 'ecotone:publishAt', where),
          publish_pending: p['ecotone:publishPending'] === true ? 1 : 0,
          pinned_at: pinned ? time(pinned, 'at', where) : null,
          pinned_until: pinned ? optTime(pinned, 'until', where) : null,
          requires_ack: ack ? 1 : 0,
          ack_by: ack ? optTime(ack, 'by', where) : null,
          ack_reminded: ack?.['reminded'] === true ? 1 : 0,
          extension: p['ecotone:extension'] === undefined ? null : JSON.stringify(p['ecotone:extension']),
          // A quote of a post of the export follows its new id; one of another space keeps the id it names (unavailable to readers where it is not).
          quote_of: p['quoteUrl'] === undefined ? null : ((id) => ids.get(id) ?? id)(idOf(p['quoteUrl'], 'post') ?? refuse(`${where}: quoteUrl is no urn:ecotone:post: id`)),
          moderation: moderation ? text(moderation, 'state', where) : null,
          moderation_reason: moderation ? optText(moderation, 'reason', where) : null,
          moderated_by: moderation && moderation['by'] !== undefined ? ref(moderation['by'], 'person', personIds, where) : null,
          moderated_at: moderation ? optTime(moderation, 'at', where) : null,
        });
        report.posts++;
        const contentMap = (p['contentMap'] ?? {}) as Record<string, unknown>;
        const machine = new Set(list(p, 'ecotone:machineTranslated') as unknown as string[]);
        const variants = Object.entries(contentMap)
          .filter(([lang]) => lang !== locale)
          .map(([lang, body]) => {
            if (typeof body !== 'string') refuse(`${where}: contentMap.${lang} must be text`);
            return { locale: oneOf(SUPPORTED_LOCALES, lang, `${where}: contentMap`), body, machine: machine.has(lang) };
          });
        await insertVariants(trx, id, variants, createdAt);
        if (p['preview'] !== undefined) await attachPostPreview(trx, id, p['preview'] as never, createdAt);
        for (const a of ack ? list(ack, 'acknowledged') : []) {
          await insertAck(trx, id, ref(a['actor'], 'person', personIds, `${where}: an acknowledgement`), time(a, 'at', where));
        }
        const show = p['ecotone:talkShow'] as Json | undefined;
        if (show) {
          const minutes = /^PT(\d+)M$/.exec(text(show, 'duration', where))?.[1];
          if (minutes === undefined) refuse(`${where}: a talk-show's duration is PT<minutes>M`);
          await insertTalkShow(trx, {
            postId: id,
            title: text(show, 'name', where),
            startsAt: time(show, 'startTime', where),
            durationMinutes: Number(minutes),
            streamUrl: optText(show, 'url', where),
            hostIds: list(show, 'ecotone:hosts').map((h) => ref(h, 'person', personIds, `${where}: a host`)),
          });
        }
        const watch = p['ecotone:watch'] as Json | undefined;
        if (watch) {
          await trx.insertInto('watch_items').values({
            post_id: id,
            space_id: targetId,
            source_id: null,
            guid_key: text(watch, 'guid_key', where),
            link_key: optText(watch, 'link_key', where),
            title: text(watch, 'title', where),
            summary: text(watch, 'summary', where),
            link: optText(watch, 'link', where),
            published_at: optTime(watch, 'published_at', where),
            source_title: text(watch, 'source_title', where),
            source_url: text(watch, 'source_url', where),
            triage: text(watch, 'triage', where),
            triaged_by: watch['triaged_by'] === undefined ? null : text(watch, 'triaged_by', where),
            triaged_at: optTime(watch, 'triaged_at', where),
          }).execute();
        }
        if (fileRows.some((f) => f.object_id === id && f.object_type === 'post')) await reindexPostTexts(trx, id);
      }

      for (const q of polls) {
        const oldId = idOf(q['id'], 'poll')!;
        const where = `poll ${oldId}`;
        const id = mapped(oldId);
        const mode = oneOf(POLL_MODES, q['ecotone:mode'], `${where}: ecotone:mode`) as PollMode;
        const choices = list(q, mode === 'multiple' ? 'anyOf' : 'oneOf');
        if (choices.length === 0) refuse(`${where} has no choices`);
        const scale = q['ecotone:scale'] as Json | undefined;
        const anonymous = q['ecotone:anonymous'] === true;
        const record = {
          id,
          spaceId: targetId,
          postId: q['inReplyTo'] === undefined ? null : mapped(ref(q['inReplyTo'], 'post', postIds, where)),
          position: Number(q['ecotone:position'] ?? 0),
          authorId: ref(q['attributedTo'], 'person', personIds, where),
          question: text(q, 'name', where),
          mode,
          maxChoices: Number(q['ecotone:maxChoices'] ?? 1),
          ...(scale ? { scale: { min: Number(scale['min']), max: Number(scale['max']), ...(typeof scale['minLabel'] === 'string' ? { minLabel: scale['minLabel'] } : {}), ...(typeof scale['maxLabel'] === 'string' ? { maxLabel: scale['maxLabel'] } : {}) } } : {}),
          anonymous,
          resultsVisibility: text(q, 'ecotone:resultsVisibility', where),
          closesAt: optTime(q, 'endTime', where),
          closedAt: optTime(q, 'closed', where),
          createdAt: time(q, 'published', where),
          options: choices.map((c) => ({ id: text(c, 'ecotone:id', where), label: text(c, 'name', where) })),
        };
        await insertPoll(trx, record as never);
        report.polls++;
        const optionIds = new Set(record.options.map((o) => o.id));
        for (const b of list(q, 'ecotone:ballots')) {
          const picked = (b['choices'] ?? []) as unknown[];
          if (!Array.isArray(picked) || picked.some((c) => typeof c !== 'string' || !optionIds.has(c))) refuse(`${where}: a ballot names a choice the poll does not have`);
          const voter = anonymous || b['actor'] === undefined ? null : ref(b['actor'], 'person', personIds, `${where}: a ballot`);
          if (!anonymous && voter === null) refuse(`${where}: a ballot of a poll that is not anonymous names nobody`);
          const at = time(b, 'published', where);
          const voterKey = voter ?? fresh(32);
          await castBallot(trx, { pollId: id, voterKey, actorId: voter, choices: picked as string[], at });
          const updated = optTime(b, 'updated', where);
          if (updated !== null) await trx.updateTable('ballots').set({ updated_at: updated }).where('poll_id', '=', id).where('voter_key', '=', voterKey).execute();
          report.ballots++;
        }
      }

      for (const c of comments) {
        const oldId = idOf(c['id'], 'comment')!;
        const where = `comment ${oldId}`;
        const parent = idOf(c['inReplyTo'], 'comment');
        const post = ref(c['ecotone:post'], 'post', postIds, where);
        const moderation = c['ecotone:moderation'] as Json | undefined;
        await insertComment(trx, {
          id: mapped(oldId),
          post_id: mapped(post),
          space_id: targetId,
          parent_id: parent === undefined ? null : mapped(ref(c['inReplyTo'], 'comment', commentIds, where)),
          author_id: ref(c['attributedTo'], 'person', personIds, where),
          body: typeof c['content'] === 'string' ? c['content'] : '',
          locale: oneOf(SUPPORTED_LOCALES, c['ecotone:locale'], `${where}: ecotone:locale`),
          created_at: time(c, 'published', where),
          edited_at: optTime(c, 'updated', where),
          deleted_at: optTime(c, 'deleted', where),
          moderation: moderation ? text(moderation, 'state', where) : null,
          moderation_reason: moderation ? optText(moderation, 'reason', where) : null,
          moderated_by: moderation && moderation['by'] !== undefined ? ref(moderation['by'], 'person', personIds, where) : null,
          moderated_at: moderation ? optTime(moderation, 'at', where) : null,
        });
        report.comments++;
      }

      const reactions = likes.map((l, i) => {
        const where = `reaction ${i}`;
        const objectPost = idOf(l['object'], 'post');
        const object = objectPost !== undefined ? ref(l['object'], 'post', postIds, where) : ref(l['object'], 'comment', commentIds, where);
        return { objectId: mapped(object), actorId: ref(l['actor'], 'person', personIds, where), kind: text(l, 'ecotone:reaction', where), createdAt: time(l, 'published', where) };
      });
      await insertReactions(trx, reactions);
      report.reactions = reactions.length;

      for (const n of notes) {
        const oldId = idOf(n['id'], 'note')!;
        const where = `note ${oldId}`;
        const id = mapped(oldId);
        const history = list(n, 'ecotone:revisions').sort((a, b) => Number(a['revision']) - Number(b['revision']));
        if (history.length === 0) refuse(`${where} has no revision`);
        const previews = new Map(list(n, 'ecotone:sources').map((s) => [text(s, 'url', where), s['preview'] ?? null] as const));
        const contentOf = (r: Json, last: boolean): NoteContent => ({
          title: text(r, 'name', where),
          body: text(r, 'content', where),
          language: oneOf(SUPPORTED_LOCALES, r['language'], `${where}: language`),
          tags: (r['tags'] ?? []) as string[],
          sources: ((r['sources'] ?? []) as string[]).map((url) => ({ url, preview: last ? ((previews.get(url) as never) ?? null) : null })),
          maturity: oneOf(NOTE_MATURITIES, r['maturity'], `${where}: maturity`),
          reviewBy: optTime(r, 'reviewBy', where),
        });
        const [first, ...later] = history as [Json, ...Json[]];
        const firstContent = contentOf(first, later.length === 0);
        const promoted = idOf(n['ecotone:promotedFrom'], 'post');
        await insertNote(trx, {
          ...firstContent,
          id,
          spaceId: targetId,
          ownerId: ref(n['attributedTo'], 'person', personIds, where),
          promotedFrom: promoted === undefined ? null : (ids.get(promoted) ?? promoted),
          createdAt: time(n, 'published', where),
        }, noteIndexText(firstContent));
        report.noteRevisions++;
        for (const [i, r] of later.entries()) {
          const content = contentOf(r, i === later.length - 1);
          await updateNote(trx, { id, baseRevision: i + 1, content, index: noteIndexText(content), authorId: ref(r['attributedTo'], 'person', personIds, where), at: time(r, 'published', where) });
          report.noteRevisions++;
        }
        const moderation = n['ecotone:moderation'] as Json | undefined;
        if (moderation) {
          await trx.updateTable('notes').set({
            moderation: text(moderation, 'state', where),
            moderation_reason: optText(moderation, 'reason', where),
            moderated_by: moderation['by'] === undefined ? null : ref(moderation['by'], 'person', personIds, where),
            moderated_at: optTime(moderation, 'at', where),
          }).where('id', '=', id).execute();
        }
        report.notes++;
      }

      const { spaceId: _space, ...counts } = report;
      await appendAudit(trx, options.now, [{
        action: 'space.import',
        actorId: null,
        targetType: 'space',
        targetId,
        spaceId: targetId,
        detail: { by: 'command line', operator: options.operator, from: sourceSpace, into: options.into !== undefined, ...counts },
      }]);
    });
    return report;
  } catch (error) {
    await Promise.all(written.map((key) => options.store.delete(key)));
    throw error;
  }
}

/**
 * A file of the export, by its `url` relative to the document (never outside
 * the export's files folder): its path and size, for the store to copy it
 * without holding it in memory (a video may be gigabytes).
 */
async function exportFile(directory: string, url: string, where: string): Promise<{ path: string; size: number }> {
  const name = url.startsWith(`${AS2_FILES}/`) ? url.slice(AS2_FILES.length + 1) : '';
  if (!/^[A-Za-z0-9_.-]+$/.test(name) || name.startsWith('.')) refuse(`${where}: its url must name a file of the export's ${AS2_FILES} folder`);
  const path = join(directory, AS2_FILES, name);
  try {
    const found = await stat(path);
    if (!found.isFile()) throw new Error('not a file');
    return { path, size: found.size };
  } catch {
    refuse(`${where}: ${url} is missing from the export`);
  }
}
