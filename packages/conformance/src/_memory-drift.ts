/**
 * Scenarios `MemoryTransport` fails (see memory-transport.test.ts). The
 * test asserts that exactly these fail: when the transport is fixed, remove
 * its lines here.
 */

/** Where the transport applies a rule differently from the protocol. */
const RULE_DRIFT: readonly string[] = [
];

/**
 * One caller per instance: each persona has a world of its own (seeded
 * with the same spaces and the visibility matrix's posts), so what one
 * persona writes (members added, posts, comments, ballots, notes, live
 * events) never reaches another, and ids made in different worlds collide.
 */
const ONE_CALLER_DRIFT: readonly string[] = [
  "members: an owner adds a person, changes their role and removes them",
  "members: joining a private space makes a request the owners see and may decline",
  "members: an owner approves a join request with a role",
  "posts: its author edits a post; another member may not (403)",
  "posts: its author deletes a post, then it is 404 everywhere",
  "posts: an owner of the space deletes a member’s post",
  "announcements: a correspondent pins an announcement to the top of the feed and unpins it; a member may not (403)",
  "announcements: an announcement asking for acknowledgement counts each reader once; the author sees it per site",
  "announcements: acknowledging a post that does not ask for it is 409 acknowledgement_not_requested",
  "announcements: an announcement published pinned comes first in the feed",
  "comments: a member comments and replies; the post counts both and lists them oldest first",
  "comments: its author edits a comment, others may not (403); an owner deletes it",
  "reactions: comments take reactions like posts",
  "reactions: adding a reaction is counted once however often it is sent, and removing it is idempotent",
  "polls: a member casts, changes and withdraws a ballot; results count it",
  "polls: the author closes a poll, another member may not (403); then ballots are 409 poll_closed",
  "polls: after-vote results are hidden until the caller votes",
  "polls: after-close results are hidden until the poll closes, author-only ones from everyone but the author",
  "polls: a survey is answered all together, or not at all",
  "notes: a member creates a note and edits it; each edit is a revision",
  "notes: an edit from a stale revision is 409 edit_conflict with the current note, and writes nothing",
  "notes: readers may not create notes (403), members may not edit another’s (403), outsiders of a secret space get 404",
  "notes: note search finds a note of the open space for a member and an outsider",
  "notes: note search finds a note of the private space for a member, not for an outsider",
  "notes: note search finds a note of the secret space for a member, not for an outsider",
  "notes: its owner deletes a note; then it is 404",
  "search: post search finds a post once, with highlights into the text that matched",
  "paging: a feed walked two at a time gives the 5 newest posts newest first, each once",
  "paging: comments walked two at a time come oldest first, each once, to the last page",
  "live: a member receives post.created for a post in their space",
  "live: reaction.changed and comment.created reach the space’s readers with counts",
  "live: post.updated and post.deleted reach the space’s readers",
  "live: membership.changed reaches the person it is about and the owners, no one else",
  "live: an outsider receives nothing of a secret or private space",
  "live: events of a scheduled draft reach its author and owners only, not members or correspondents",
  "live: poll.changed carries results only to those who may see them",
];

export const KNOWN_MEMORY_DRIFT: readonly string[] = [...RULE_DRIFT, ...ONE_CALLER_DRIFT];
