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
export * from './routes-people.js';
export * from './routes-talk-shows.js';
export * from './routes-audit.js';
export * from './routes-watch.js';
export * from './routes-moderation.js';
import * as core from './routes-core.js';
import * as polls from './routes-polls.js';
import * as notes from './routes-notes.js';
import * as comments from './routes-comments.js';
import * as announcements from './routes-announcements.js';
import * as previews from './routes-previews.js';
import * as spaces from './routes-spaces.js';
import * as search from './routes-search.js';
import * as people from './routes-people.js';
import * as talkShows from './routes-talk-shows.js';
import * as audit from './routes-audit.js';
import * as watch from './routes-watch.js';
import * as moderation from './routes-moderation.js';

const all = { ...core, ...polls, ...notes, ...comments, ...announcements, ...previews, ...spaces, ...search, ...people, ...talkShows, ...audit, ...watch, ...moderation };

/**
 * Every route by name (servers mount them from here). Clients import the
 * `…Path` functions one by one instead, so a bundle keeps only the routes it calls.
 */
export const routes = {
  /** Same as {@link mePath}. */
  me: all.mePath,
  /** Same as {@link spacesPath}. */
  spaces: all.spacesPath,
  /** Same as {@link spacePath}. */
  space: all.spacePath,
  /** Same as {@link feedPath}. */
  feed: all.feedPath,
  /** Same as {@link publishPath}. */
  publish: all.publishPath,
  /** Same as {@link postPath}. */
  post: all.postPath,
  /** Same as {@link movePostPath}. */
  movePost: all.movePostPath,
  /** Same as {@link reactionsPath}. */
  reactions: all.reactionsPath,
  /** Same as {@link reactionPath}. */
  reaction: all.reactionPath,
  /** Same as {@link spacePollsPath}. */
  spacePolls: all.spacePollsPath,
  /** Same as {@link pollPath}. */
  poll: all.pollPath,
  /** Same as {@link ballotPath}. */
  ballot: all.ballotPath,
  /** Same as {@link closePollPath}. */
  closePoll: all.closePollPath,
  /** Same as {@link surveyBallotPath}. */
  surveyBallot: all.surveyBallotPath,
  /** Same as {@link previewsPath}. */
  previews: all.previewsPath,
  /** Same as {@link previewImagePath}. */
  previewImage: all.previewImagePath,
  /** Same as {@link notesPath}. */
  notes: all.notesPath,
  /** Same as {@link notesDuePath}. */
  notesDue: all.notesDuePath,
  /** Same as {@link spaceNotesPath}. */
  spaceNotes: all.spaceNotesPath,
  /** Same as {@link notePath}. */
  note: all.notePath,
  /** Same as {@link noteRevisionsPath}. */
  noteRevisions: all.noteRevisionsPath,
  /** Same as {@link promotePostPath}. */
  promotePost: all.promotePostPath,
  /** Same as {@link commentsPath}. */
  comments: all.commentsPath,
  /** Same as {@link commentPath}. */
  comment: all.commentPath,
  /** Same as {@link translationsPath}. */
  translations: all.translationsPath,
  /** Same as {@link pinPath}. */
  pin: all.pinPath,
  /** Same as {@link acknowledgementsPath}. */
  acknowledgements: all.acknowledgementsPath,
  /** Same as {@link joinPath}. */
  join: all.joinPath,
  /** Same as {@link membersPath}. */
  members: all.membersPath,
  /** Same as {@link memberPath}. */
  member: all.memberPath,
  /** Same as {@link joinRequestsPath}. */
  joinRequests: all.joinRequestsPath,
  /** Same as {@link joinRequestPath}. */
  joinRequest: all.joinRequestPath,
  /** Same as {@link spaceCapabilitiesPath}. */
  spaceCapabilities: all.spaceCapabilitiesPath,
  /** Same as {@link multiFeedPath}. */
  multiFeed: all.multiFeedPath,
  /** Same as {@link postSearchPath}. */
  postSearch: all.postSearchPath,
  /** Same as {@link peoplePath}. */
  people: all.peoplePath,
  /** Same as {@link personPath}. */
  person: all.personPath,
  /** Same as {@link notificationsPath}. */
  notifications: all.notificationsPath,
  /** Same as {@link unreadNotificationsPath}. */
  unreadNotifications: all.unreadNotificationsPath,
  /** Same as {@link notificationReadPath}. */
  notificationRead: all.notificationReadPath,
  /** Same as {@link notificationsReadAllPath}. */
  notificationsReadAll: all.notificationsReadAllPath,
  /** Same as {@link notificationPreferencesPath}. */
  notificationPreferences: all.notificationPreferencesPath,
  /** Same as {@link questionsPath}. */
  questions: all.questionsPath,
  /** Same as {@link questionVotePath}. */
  questionVote: all.questionVotePath,
  /** Same as {@link questionStatePath}. */
  questionState: all.questionStatePath,
  /** Same as {@link auditPath}. */
  audit: all.auditPath,
  /** Same as {@link watchSourcesPath}. */
  watchSources: all.watchSourcesPath,
  /** Same as {@link watchSourcePath}. */
  watchSource: all.watchSourcePath,
  /** Same as {@link watchOpmlPath}. */
  watchOpml: all.watchOpmlPath,
  /** Same as {@link watchTriagePath}. */
  watchTriage: all.watchTriagePath,
  /** Same as {@link reportsPath}. */
  reports: all.reportsPath,
  /** Same as {@link moderationQueuePath}. */
  moderationQueue: all.moderationQueuePath,
  /** Same as {@link hideContentPath}. */
  hideContent: all.hideContentPath,
  /** Same as {@link restoreContentPath}. */
  restoreContent: all.restoreContentPath,
  /** Same as {@link releasePostPath}. */
  releasePost: all.releasePostPath,
  /** Same as {@link wordFiltersPath}. */
  wordFilters: all.wordFiltersPath,
  /** Same as {@link eventsPath}. */
  events: all.eventsPath,
  /** Same as {@link devActorsPath}. */
  devActors: all.devActorsPath,
} as const;
