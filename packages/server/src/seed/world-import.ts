/**
 * `ecotone import`: writes a world export (`@ecotone/protocol`'s
 * `WorldSnapshot`, what the browser's `LocalTransport` exports) into a real
 * database through the repositories, in one transaction, so that a prototype
 * becomes a real space: people, spaces, memberships, join requests, posts
 * (variants, pins, schedules, acknowledgements, extensions), polls with
 * their ballots, comments, reactions and knowledge notes with their
 * revisions.
 *
 * Spaces and people keep their ids; a space whose id the database already
 * has refuses the whole import (nothing is written), a person it already has
 * is kept as the database knows them. Posts, polls, comments and notes get
 * new ids of the server's kind (the export's are the browser's `mem-…`
 * numbers, which another export reuses). What has no author cannot be
 * imported and is reported: counts of reactions and ballots by people the
 * file does not name.
 */
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  NOTE_MATURITIES,
  POLL_MODES,
  POST_KINDS,
  ROLES,
  readSnapshot,
  VISIBILITIES,
  type WorldSnapshot,
} from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import { insertAck } from '../announcements/ack-repository.js';
import { insertComment } from '../comments/comment-repository.js';
import { insertNote, updateNote, type NoteContent } from '../notes/note-repository.js';
import { noteIndexText } from '../notes/note-service.js';
import { findActors, insertActor } from '../people/actor-repository.js';
import { castBallot, insertPoll } from '../polls/poll-repository.js';
import { newPollId } from '../polls/poll-rules.js';
import { voterKey } from '../polls/poll-view.js';
import { insertPost } from '../posts/post-repository.js';
import { insertVariants } from '../posts/variant-repository.js';
import { attachPostPreview } from '../previews/preview-repository.js';
import { insertReactions } from '../reactions/reaction-repository.js';
import { insertJoinRequest } from '../spaces/join-request-repository.js';
import { findSpaces, insertMembership, insertSpace } from '../spaces/space-repository.js';
import { appendAudit } from '../audit/audit-log.js';
import { eventTransaction } from '../live/event-transaction.js';

/** Random bytes in the ids of imported posts, comments and notes (base64url: 16 characters), as the services make them. */
const IMPORTED_ID_BYTES = 12;
const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A file the import refuses: not a world export, or one that contradicts itself or the database. Nothing was written. */
export class ImportRefused extends Error {
  override readonly name = 'ImportRefused';
}

export interface ImportReport {
  /** People added (people the database had already are counted in `peopleKept`). */
  people: number;
  peopleKept: number;
  spaces: number;
  memberships: number;
  joinRequests: number;
  posts: number;
  variants: number;
  acknowledgements: number;
  polls: number;
  ballots: number;
  comments: number;
  reactions: number;
  notes: number;
  /** Note revisions written (each note's first included). */
  noteRevisions: number;
  /** Reactions counted in the file without a named person (not imported). */
  unnamedReactions: number;
  /** Ballots counted in the file without a named person (not imported). */
  unnamedBallots: number;
  /** The new id of every imported post, poll, comment and note, by the id it had in the file. */
  ids: Record<string, string>;
}

export interface ImportOptions {
  /** The key of anonymous ballots (`loadBallotSecret`): imported anonymous ballots are keyed with it. */
  ballotSecret: Buffer;
}

const newId = () => randomBytes(IMPORTED_ID_BYTES).toString('base64url');

/** Refuses the file, saying where it is wrong. */
function refuse(message: string): never {
  throw new ImportRefused(message);
}

/**
 * Checks what the import relies on beyond the shape `readSnapshot` checks:
 * ids the server accepts, known visibilities, roles, kinds and maturities,
 * and every reference (a post's space and author, a comment's post…) naming
 * something in the file.
 */
function checkReferences(world: WorldSnapshot): void {
  const people = new Set<string>();
  for (const [i, person] of world.people.entries()) {
    if (typeof person?.id !== 'string' || !ID_PATTERN.test(person.id)) refuse(`people[${i}].id: letters, digits, "-" and "_", up to 64`);
    if (typeof person.displayName !== 'string' || person.displayName.trim() === '') refuse(`people[${i}] (${person.id}) has no displayName`);
    people.add(person.id);
  }
  const person = (where: string, id: unknown) => {
    if (typeof id !== 'string' || !people.has(id)) refuse(`${where}: "${String(id)}" is none of the file's people`);
  };
  const spaces = new Set<string>();
  for (const [i, space] of world.spaces.entries()) {
    if (typeof space?.id !== 'string' || !ID_PATTERN.test(space.id)) refuse(`spaces[${i}].id: letters, digits, "-" and "_", up to 64`);
    if (typeof space.name !== 'string' || space.name.trim() === '') refuse(`spaces[${i}] (${space.id}) has no name`);
    if (!(VISIBILITIES as readonly string[]).includes(space.visibility)) refuse(`spaces[${i}] (${space.id}): unknown visibility "${space.visibility}"`);
    spaces.add(space.id);
  }
  const space = (where: string, id: unknown) => {
    if (typeof id !== 'string' || !spaces.has(id)) refuse(`${where}: "${String(id)}" is none of the file's spaces`);
  };
  for (const [spaceId, members] of Object.entries(world.members)) {
    space(`members.${spaceId}`, spaceId);
    for (const [i, m] of members.entries()) {
      person(`members.${spaceId}[${i}]`, m?.actor?.id);
      if (!(ROLES as readonly string[]).includes(m.role)) refuse(`members.${spaceId}[${i}]: unknown role "${m.role}"`);
    }
  }
  for (const [i, r] of world.joinRequests.entries()) {
    space(`joinRequests[${i}].spaceId`, r?.spaceId);
    person(`joinRequests[${i}].actor`, r.actor?.id);
  }
  const posts = new Set<string>();
  for (const [i, post] of world.posts.entries()) {
    if (typeof post?.id !== 'string') refuse(`posts[${i}] has no id`);
    space(`posts[${i}].spaceId`, post.spaceId);
    person(`posts[${i}].author`, post.author?.id);
    if (!(POST_KINDS as readonly string[]).includes(post.kind)) refuse(`posts[${i}]: unknown kind "${post.kind}"`);
    if (typeof post.body !== 'string' || Number.isNaN(Date.parse(post.createdAt))) refuse(`posts[${i}] needs a body and a createdAt date`);
    posts.add(post.id);
  }
  const post = (where: string, id: unknown) => {
    if (typeof id !== 'string' || !posts.has(id)) refuse(`${where}: "${String(id)}" is none of the file's posts`);
  };
  for (const [i, p] of world.polls.entries()) {
    space(`polls[${i}].poll.spaceId`, p?.poll?.spaceId);
    if (p.poll.postId !== null) post(`polls[${i}].poll.postId`, p.poll.postId);
    person(`polls[${i}].poll.authorId`, p.poll.authorId);
    if (!(POLL_MODES as readonly string[]).includes(p.poll.mode)) refuse(`polls[${i}]: unknown mode "${String(p.poll.mode)}"`);
    if (!Array.isArray(p.poll.options) || p.poll.options.length === 0) refuse(`polls[${i}] has no options`);
  }
  const comments = new Set(world.comments.map((c) => c?.id));
  for (const [i, c] of world.comments.entries()) {
    post(`comments[${i}].postId`, c?.postId);
    person(`comments[${i}].author`, c.author?.id);
    if (c.parentId !== null && !comments.has(c.parentId)) refuse(`comments[${i}].parentId: "${c.parentId}" is none of the file's comments`);
  }
  for (const [i, n] of world.notes.entries()) {
    space(`notes[${i}].note.spaceId`, n?.note?.spaceId);
    person(`notes[${i}].note.owner`, n.note.owner?.id);
    if (!(NOTE_MATURITIES as readonly string[]).includes(n.note.maturity)) refuse(`notes[${i}]: unknown maturity "${n.note.maturity}"`);
    if (!Array.isArray(n.history) || n.history.length === 0) refuse(`notes[${i}] has no revision`);
    for (const [j, revision] of n.history.entries()) person(`notes[${i}].history[${j}].author`, revision?.author?.id);
  }
  for (const [i, r] of world.reactions.entries()) {
    if (!posts.has(r?.objectId) && !comments.has(r?.objectId)) refuse(`reactions[${i}].objectId: "${String(r?.objectId)}" is none of the file's posts or comments`);
  }
}

/** The scheduled time to store: a post still scheduled keeps it (and is published by the server's scheduler when due). */
function publishAtOf(world: WorldSnapshot, postId: string, publishAt: string | undefined): string | null {
  return publishAt !== undefined && world.scheduled.includes(postId) ? publishAt : null;
}

/**
 * Writes `source` (a world export, parsed or as JSON) into `db` in one
 * transaction. Throws {@link ImportRefused} (and writes nothing) for a file
 * that is no export this server reads, that contradicts itself, or whose
 * spaces the database already has.
 */
export async function importWorld(db: Kysely<Database>, source: unknown, options: ImportOptions): Promise<ImportReport> {
  let world: WorldSnapshot;
  try {
    world = readSnapshot(source);
  } catch (error) {
    throw new ImportRefused(error instanceof Error ? error.message : String(error), { cause: error });
  }
  checkReferences(world);
  const report: ImportReport = {
    people: 0, peopleKept: 0, spaces: 0, memberships: 0, joinRequests: 0, posts: 0, variants: 0, acknowledgements: 0,
    polls: 0, ballots: 0, comments: 0, reactions: 0, notes: 0, noteRevisions: 0, unnamedReactions: 0, unnamedBallots: 0, ids: {},
  };
  const ids = new Map<string, string>();
  const mapped = (id: string): string => {
    const found = ids.get(id);
    if (found === undefined) throw new ImportRefused(`"${id}" is referred to before it is defined`);
    return found;
  };

  await eventTransaction(db, async (trx) => {
    const taken = await findSpaces(trx, world.spaces.map((s) => s.id));
    if (taken.size > 0) {
      refuse(`the database already has the space${taken.size > 1 ? 's' : ''} ${[...taken.keys()].join(', ')}: import into another database, or rename them in the file`);
    }
    const known = await findActors(trx, world.people.map((p) => p.id));
    const named = new Set<string>();
    const oldest = [...world.posts.map((p) => p.createdAt), world.exportedAt].sort()[0] ?? world.exportedAt;
    for (const person of world.people) {
      named.add(person.id);
      if (known.has(person.id)) {
        report.peopleKept++;
        continue;
      }
      await insertActor(trx, {
        id: person.id,
        display_name: person.displayName.trim(),
        avatar_url: person.avatarUrl ?? null,
        site: person.site ?? null,
        locale: person.locale,
        title: person.title ?? null,
        created_at: oldest,
      });
      report.people++;
    }

    for (const space of world.spaces) {
      const members = world.members[space.id] ?? [];
      const since = [...members.map((m) => m.since), oldest].sort()[0] ?? oldest;
      await insertSpace(trx, {
        id: space.id,
        name: space.name.trim(),
        description: space.description ?? '',
        visibility: space.visibility,
        site: space.site ?? null,
        locale: space.locale,
        created_at: since,
      });
      report.spaces++;
      for (const member of members) {
        await insertMembership(trx, { spaceId: space.id, actorId: member.actor.id, role: member.role, createdAt: member.since });
        report.memberships++;
      }
    }
    for (const request of world.joinRequests) {
      if (await insertJoinRequest(trx, { spaceId: request.spaceId, actorId: request.actor.id, message: request.message, createdAt: request.createdAt })) {
        report.joinRequests++;
      }
    }

    for (const id of [...world.posts.map((p) => p.id), ...world.comments.map((c) => c.id), ...world.notes.map((n) => n.note.id)]) ids.set(id, newId());
    for (const { poll } of world.polls) ids.set(poll.id, newPollId());
    for (const post of world.posts) {
      const id = mapped(post.id);
      const acks = world.acknowledgements[post.id];
      await insertPost(trx, {
        id,
        space_id: post.spaceId,
        author_id: post.author.id,
        kind: post.kind,
        body: post.body,
        locale: post.locale,
        created_at: post.createdAt,
        edited_at: post.editedAt ?? null,
        publish_at: publishAtOf(world, post.id, post.publishAt),
        publish_pending: publishAtOf(world, post.id, post.publishAt) ? 1 : 0,
        pinned_at: post.pinned ? post.createdAt : null,
        pinned_until: post.pinned?.until ?? null,
        requires_ack: acks ? 1 : 0,
        extension: post.extension ? JSON.stringify(post.extension) : null,
      });
      report.posts++;
      const variants = (post.variants ?? []).map((v) => ({ locale: v.locale, body: v.body, machine: v.machine ?? false }));
      await insertVariants(trx, id, variants, post.createdAt);
      report.variants += variants.length;
      if (post.linkPreview) await attachPostPreview(trx, id, post.linkPreview, post.createdAt);
      for (const ack of acks ?? []) {
        // Acknowledgements counted by people the file does not name have no one to belong to.
        if (!named.has(ack.actorId)) continue;
        if (await insertAck(trx, id, ack.actorId, post.createdAt)) report.acknowledgements++;
      }
      report.ids[post.id] = id;
    }

    for (const { poll, voters, ballots } of world.polls) {
      const id = mapped(poll.id);
      // The export keeps no creation time of its own for a poll: its post's, else the export's.
      const createdAt = world.posts.find((p) => p.id === poll.postId)?.createdAt ?? world.exportedAt;
      const record = { ...poll, id, postId: poll.postId === null ? null : mapped(poll.postId), createdAt };
      await insertPoll(trx, record);
      report.polls++;
      report.ids[poll.id] = id;
      const cast = Object.entries(ballots).filter(([voter, choices]) => named.has(voter) && choices.length > 0);
      for (const [voter, choices] of cast) {
        await castBallot(trx, { pollId: id, voterKey: voterKey(options.ballotSecret, record, voter), actorId: record.anonymous ? null : voter, choices, at: createdAt });
        report.ballots++;
      }
      report.unnamedBallots += Math.max(0, voters - cast.length);
    }

    // Parents before their replies: replies refer to them.
    const ordered = [...world.comments].sort((a, b) => Number(a.parentId !== null) - Number(b.parentId !== null) || a.createdAt.localeCompare(b.createdAt));
    for (const comment of ordered) {
      const id = mapped(comment.id);
      await insertComment(trx, {
        id,
        post_id: mapped(comment.postId),
        space_id: comment.spaceId,
        parent_id: comment.parentId === null ? null : mapped(comment.parentId),
        author_id: comment.author.id,
        body: comment.body,
        locale: comment.locale,
        created_at: comment.createdAt,
        edited_at: comment.editedAt ?? null,
        deleted_at: comment.deleted ? (comment.editedAt ?? comment.createdAt) : null,
      });
      report.comments++;
      report.ids[comment.id] = id;
    }

    const reactions: { objectId: string; actorId: string; kind: string; createdAt: string }[] = [];
    for (const r of world.reactions) {
      const objectId = mapped(r.objectId);
      const at = world.posts.find((p) => p.id === r.objectId)?.createdAt ?? world.comments.find((c) => c.id === r.objectId)?.createdAt ?? world.exportedAt;
      let attributed = 0;
      for (const [actorId, kinds] of Object.entries(r.mine)) {
        if (!named.has(actorId)) continue;
        for (const kind of new Set(kinds)) {
          reactions.push({ objectId, actorId, kind, createdAt: at });
          attributed++;
        }
      }
      const counted = Object.values(r.counts).reduce((sum, n) => sum + (Number.isFinite(n) ? n : 0), 0);
      report.unnamedReactions += Math.max(0, counted - attributed);
    }
    await insertReactions(trx, reactions);
    report.reactions = reactions.length;

    for (const { note, history } of world.notes) {
      const id = mapped(note.id);
      const revisions = [...history].sort((a, b) => a.revision - b.revision);
      const contentOf = (revision: (typeof revisions)[number], last: boolean): NoteContent => ({
        title: revision.title,
        body: revision.body,
        language: revision.language,
        tags: [...revision.tags],
        // The last revision's sources are the note's, with the previews kept with them.
        sources: last ? note.sources.map((s) => ({ url: s.url, preview: s.preview ?? null })) : revision.sources.map((url) => ({ url, preview: null })),
        maturity: revision.maturity,
        reviewBy: revision.reviewBy,
      });
      const [first, ...later] = revisions as [(typeof revisions)[number], ...typeof revisions];
      const firstContent = contentOf(first, later.length === 0);
      await insertNote(
        trx,
        { ...firstContent, id, spaceId: note.spaceId, ownerId: note.owner.id, promotedFrom: note.promotedFrom ? (ids.get(note.promotedFrom) ?? null) : null, createdAt: note.createdAt },
        noteIndexText(firstContent),
      );
      report.noteRevisions++;
      for (const [i, revision] of later.entries()) {
        const content = contentOf(revision, i === later.length - 1);
        await updateNote(trx, { id, baseRevision: i + 1, content, index: noteIndexText(content), authorId: revision.author.id, at: revision.createdAt });
        report.noteRevisions++;
      }
      report.notes++;
      report.ids[note.id] = id;
    }
    // One entry for the whole import, in its transaction: the spaces it made and what they hold.
    const { ids: _ids, ...counts } = report;
    await appendAudit(trx, new Date(), [
      { action: 'world.import', actorId: null, targetType: 'server', detail: { by: 'command line', ...counts, spaceIds: world.spaces.map((s) => s.id) } },
    ]);
  });
  return report;
}
