/**
 * Route paths of protocol version 1. Servers mount them; clients build URLs
 * from them, so a rename is caught by the compiler on both sides. Each
 * feature's paths live in their own module: a bundler puts a whole module in
 * one chunk, so a page keeps only the paths of the features it loads.
 */
export * from './routes-core.js';
export * from './routes-polls.js';
export * from './routes-notes.js';
export * from './routes-comments.js';
export * from './routes-announcements.js';
export * from './routes-previews.js';
export * from './routes-spaces.js';
export * from './routes-search.js';
import * as core from './routes-core.js';
import * as polls from './routes-polls.js';
import * as notes from './routes-notes.js';
import * as comments from './routes-comments.js';
import * as announcements from './routes-announcements.js';
import * as previews from './routes-previews.js';
import * as spaces from './routes-spaces.js';
import * as search from './routes-search.js';

const all = { ...core, ...polls, ...notes, ...comments, ...announcements, ...previews, ...spaces, ...search };

/**
 * Every route by name (servers mount them from here). Clients import the
 * `…Path` functions one by one instead, so a bundle keeps only the routes it calls.
 */
export const routes = {
  me: all.mePath,
  spaces: all.spacesPath,
  space: all.spacePath,
  feed: all.feedPath,
  publish: all.publishPath,
  post: all.postPath,
  reactions: all.reactionsPath,
  reaction: all.reactionPath,
  spacePolls: all.spacePollsPath,
  poll: all.pollPath,
  ballot: all.ballotPath,
  closePoll: all.closePollPath,
  surveyBallot: all.surveyBallotPath,
  previews: all.previewsPath,
  previewImage: all.previewImagePath,
  notes: all.notesPath,
  notesDue: all.notesDuePath,
  spaceNotes: all.spaceNotesPath,
  note: all.notePath,
  noteRevisions: all.noteRevisionsPath,
  promotePost: all.promotePostPath,
  comments: all.commentsPath,
  comment: all.commentPath,
  translations: all.translationsPath,
  pin: all.pinPath,
  acknowledgements: all.acknowledgementsPath,
  join: all.joinPath,
  members: all.membersPath,
  member: all.memberPath,
  joinRequests: all.joinRequestsPath,
  joinRequest: all.joinRequestPath,
  multiFeed: all.multiFeedPath,
  postSearch: all.postSearchPath,
  events: all.eventsPath,
  devActors: all.devActorsPath,
} as const;
