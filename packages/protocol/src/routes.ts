/**
 * Route paths of protocol version 1. Servers mount them; clients build URLs
 * from them, so a rename is caught by the compiler on both sides.
 */
export const API_PREFIX = '/api/v1';

export const routes = {
  me: () => `${API_PREFIX}/me`,
  spaces: () => `${API_PREFIX}/spaces`,
  space: (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}`,
  feed: (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/feed`,
  publish: (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/posts`,
  post: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}`,
  reactions: (objectId: string) => `${API_PREFIX}/objects/${encodeURIComponent(objectId)}/reactions`,
  reaction: (objectId: string, kind: string) =>
    `${API_PREFIX}/objects/${encodeURIComponent(objectId)}/reactions/${encodeURIComponent(kind)}`,
  /** A standalone poll (no post): POST to create, in a space. */
  spacePolls: (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/polls`,
  poll: (pollId: string) => `${API_PREFIX}/polls/${encodeURIComponent(pollId)}`,
  /** PUT casts or changes the caller's ballot; DELETE withdraws it. */
  ballot: (pollId: string) => `${API_PREFIX}/polls/${encodeURIComponent(pollId)}/ballot`,
  /** POST closes the poll now (its author or a space owner). */
  closePoll: (pollId: string) => `${API_PREFIX}/polls/${encodeURIComponent(pollId)}/close`,
  /** PUT answers every poll of a post's survey at once, all or nothing. */
  surveyBallot: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/ballots`,
  /** POST {url}: the server fetches (under its egress policy) or reuses a cached preview. */
  previews: () => `${API_PREFIX}/previews`,
  /**
   * GET: a preview image, served from this server's origin (no
   * Authorization: an <img> cannot send one; the id is an unguessable keyed
   * hash). `LinkPreview.imageUrl` is this route as an absolute URL on the
   * server's public origin.
   */
  previewImage: (imageId: string) => `${API_PREFIX}/previews/images/${encodeURIComponent(imageId)}`,
  /** GET: search and list knowledge notes (NoteSearchQuery). */
  notes: () => `${API_PREFIX}/notes`,
  /** GET: notes due for review. */
  notesDue: () => `${API_PREFIX}/notes/review`,
  /** POST: create a note in a space. */
  spaceNotes: (spaceId: string) => `${API_PREFIX}/spaces/${encodeURIComponent(spaceId)}/notes`,
  /** GET, PATCH (NotePatch), DELETE one note. */
  note: (noteId: string) => `${API_PREFIX}/notes/${encodeURIComponent(noteId)}`,
  /** GET: every revision, oldest first. */
  noteRevisions: (noteId: string) => `${API_PREFIX}/notes/${encodeURIComponent(noteId)}/revisions`,
  /** POST: promote a post (with its link preview) to a note. */
  promotePost: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/promote`,
  /** GET a page of a post's comments (oldest first); POST a CommentDraft. */
  comments: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/comments`,
  /** PATCH (CommentPatch, its author) or DELETE (its author or a space owner) one comment. */
  comment: (commentId: string) => `${API_PREFIX}/comments/${encodeURIComponent(commentId)}`,
  /** POST {locale}: a machine variant of a post through the server's translation hook. */
  translations: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/translations`,
  /** PUT (PinRequest) pins, DELETE unpins a post (owners and correspondents of its space). */
  pin: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/pin`,
  /** PUT acknowledges ("I have read this"), idempotently; GET the per-site summary (author and owners). */
  acknowledgements: (postId: string) => `${API_PREFIX}/posts/${encodeURIComponent(postId)}/acks`,
  events: () => `${API_PREFIX}/events`,
  /** Demo actors for a user switcher; only on servers running `--auth dev` (404 otherwise). */
  devActors: () => `${API_PREFIX}/dev/actors`,
} as const;

/** Header carrying the client's idempotency key on mutating requests. */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';
/** Largest accepted request body, in bytes. */
export const BODY_LIMIT_BYTES = 64 * 1024;
