import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import type * as Schemas from './schemas-entry.js';
import type * as Wire from './wire-types.js';

/** True when each type is assignable to the other (the same shape, `?` and literals included). */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
/** Compiles only when every element is `true`: `npm run typecheck` fails on a type that drifted. */
type AllTrue<T extends readonly true[]> = T;

// Each plain type of the main entry equals the static type of its schema.
export type WireTypesMatchSchemas = AllTrue<[
  Same<Wire.Locale, Schemas.Locale>,
  Same<Wire.Id, Schemas.Id>,
  Same<Wire.Actor, Schemas.Actor>,
  Same<Wire.Visibility, Schemas.Visibility>,
  Same<Wire.Role, Schemas.Role>,
  Same<Wire.ClassificationLabel, Schemas.ClassificationLabel>,
  Same<Wire.SpaceCapabilities, Schemas.SpaceCapabilities>,
  Same<Wire.SpaceCapabilitiesUpdate, Schemas.SpaceCapabilitiesUpdate>,
  Same<Wire.Space, Schemas.Space>,
  Same<Wire.Membership, Schemas.Membership>,
  Same<Wire.Me, Schemas.Me>,
  Same<Wire.ReactionKind, Schemas.ReactionKind>,
  Same<Wire.Reaction, Schemas.Reaction>,
  Same<Wire.ReactionSummary, Schemas.ReactionSummary>,
  Same<Wire.PostKind, Schemas.PostKind>,
  Same<Wire.LinkVideo, Schemas.LinkVideo>,
  Same<Wire.LinkPreview, Schemas.LinkPreview>,
  Same<Wire.PreviewRequest, Schemas.PreviewRequest>,
  Same<Wire.PollMode, Schemas.PollMode>,
  Same<Wire.ResultsVisibility, Schemas.ResultsVisibility>,
  Same<Wire.PollScale, Schemas.PollScale>,
  Same<Wire.PollDraft, Schemas.PollDraft>,
  Same<Wire.PollOption, Schemas.PollOption>,
  Same<Wire.PollResults, Schemas.PollResults>,
  Same<Wire.PollBallot, Schemas.PollBallot>,
  Same<Wire.Poll, Schemas.Poll>,
  Same<Wire.SurveyAnswer, Schemas.SurveyAnswer>,
  Same<Wire.SurveyBallot, Schemas.SurveyBallot>,
  Same<Wire.PollList, Schemas.PollList>,
  Same<Wire.PostVariant, Schemas.PostVariant>,
  Same<Wire.PostVariantDraft, Schemas.PostVariantDraft>,
  Same<Wire.PostExtension, Schemas.PostExtension>,
  Same<Wire.AttachmentKind, Schemas.AttachmentKind>,
  Same<Wire.ImageSize, Schemas.ImageSize>,
  Same<Wire.Attachment, Schemas.Attachment>,
  Same<Wire.UploadedFile, Schemas.UploadedFile>,
  Same<Wire.FileToken, Schemas.FileToken>,
  Same<Wire.AttachmentDraft, Schemas.AttachmentDraft>,
  Same<Wire.TalkShowDraft, Schemas.TalkShowDraft>,
  Same<Wire.TalkShow, Schemas.TalkShow>,
  Same<Wire.WatchItem, Schemas.WatchItem>,
  Same<Wire.ModerationMark, Schemas.ModerationMark>,
  Same<Wire.QuotedPost, Schemas.QuotedPost>,
  Same<Wire.Post, Schemas.Post>,
  Same<Wire.PublishRequest, Schemas.PublishRequest>,
  Same<Wire.MovePostRequest, Schemas.MovePostRequest>,
  Same<Wire.PinRequest, Schemas.PinRequest>,
  Same<Wire.AcknowledgementSummary, Schemas.AcknowledgementSummary>,
  Same<Wire.PostPatch, Schemas.PostPatch>,
  Same<Wire.TranslationRequest, Schemas.TranslationRequest>,
  Same<Wire.Comment, Schemas.Comment>,
  Same<Wire.CommentDraft, Schemas.CommentDraft>,
  Same<Wire.CommentPatch, Schemas.CommentPatch>,
  Same<Wire.CommentQuery, Schemas.CommentQuery>,
  Same<Wire.CommentPage, Schemas.CommentPage>,
  Same<Wire.QuestionState, Schemas.QuestionState>,
  Same<Wire.QuestionOrder, Schemas.QuestionOrder>,
  Same<Wire.Question, Schemas.Question>,
  Same<Wire.QuestionDraft, Schemas.QuestionDraft>,
  Same<Wire.QuestionQuery, Schemas.QuestionQuery>,
  Same<Wire.QuestionPage, Schemas.QuestionPage>,
  Same<Wire.QuestionStateRequest, Schemas.QuestionStateRequest>,
  Same<Wire.AuditAction, Schemas.AuditAction>,
  Same<Wire.AuditEntry, Schemas.AuditEntry>,
  Same<Wire.AuditQuery, Schemas.AuditQuery>,
  Same<Wire.AuditPage, Schemas.AuditPage>,
  Same<Wire.FeedQuery, Schemas.FeedQuery>,
  Same<Wire.FeedPage, Schemas.FeedPage>,
  Same<Wire.SpaceList, Schemas.SpaceList>,
  Same<Wire.SpaceQuery, Schemas.SpaceQuery>,
  Same<Wire.SpaceMember, Schemas.SpaceMember>,
  Same<Wire.MemberQuery, Schemas.MemberQuery>,
  Same<Wire.MemberPage, Schemas.MemberPage>,
  Same<Wire.MemberUpdate, Schemas.MemberUpdate>,
  Same<Wire.JoinRequestDraft, Schemas.JoinRequestDraft>,
  Same<Wire.JoinResult, Schemas.JoinResult>,
  Same<Wire.JoinRequest, Schemas.JoinRequest>,
  Same<Wire.JoinRequestList, Schemas.JoinRequestList>,
  Same<Wire.JoinDecision, Schemas.JoinDecision>,
  Same<Wire.MultiFeedQuery, Schemas.MultiFeedQuery>,
  Same<Wire.ActorList, Schemas.ActorList>,
  Same<Wire.PeopleQuery, Schemas.PeopleQuery>,
  Same<Wire.SpaceRef, Schemas.SpaceRef>,
  Same<Wire.PersonCard, Schemas.PersonCard>,
  Same<Wire.NotificationKind, Schemas.NotificationKind>,
  Same<Wire.NotificationObject, Schemas.NotificationObject>,
  Same<Wire.Notification, Schemas.Notification>,
  Same<Wire.NotificationQuery, Schemas.NotificationQuery>,
  Same<Wire.UnreadCount, Schemas.UnreadCount>,
  Same<Wire.NotificationPage, Schemas.NotificationPage>,
  Same<Wire.NotificationPreferences, Schemas.NotificationPreferences>,
  Same<Wire.PostCreatedEvent, Schemas.PostCreatedEvent>,
  Same<Wire.ReactionChangedEvent, Schemas.ReactionChangedEvent>,
  Same<Wire.ResetEvent, Schemas.ResetEvent>,
  Same<Wire.StreamExpiredEvent, Schemas.StreamExpiredEvent>,
  Same<Wire.PostUpdatedEvent, Schemas.PostUpdatedEvent>,
  Same<Wire.PostDeletedEvent, Schemas.PostDeletedEvent>,
  Same<Wire.PollChangedEvent, Schemas.PollChangedEvent>,
  Same<Wire.CommentChangedEvent, Schemas.CommentChangedEvent>,
  Same<Wire.CommentDeletedEvent, Schemas.CommentDeletedEvent>,
  Same<Wire.QuestionChangedEvent, Schemas.QuestionChangedEvent>,
  Same<Wire.AcknowledgementChangedEvent, Schemas.AcknowledgementChangedEvent>,
  Same<Wire.MembershipChangedEvent, Schemas.MembershipChangedEvent>,
  Same<Wire.SpaceCapabilitiesChangedEvent, Schemas.SpaceCapabilitiesChangedEvent>,
  Same<Wire.NotificationCreatedEvent, Schemas.NotificationCreatedEvent>,
  Same<Wire.NotificationReadEvent, Schemas.NotificationReadEvent>,
  Same<Wire.ContentHiddenEvent, Schemas.ContentHiddenEvent>,
  Same<Wire.ModerationChangedEvent, Schemas.ModerationChangedEvent>,
  Same<Wire.LiveEvent, Schemas.LiveEvent>,
  Same<Wire.LiveEventType, Schemas.LiveEventType>,
  Same<Wire.ProblemFieldError, Schemas.ProblemFieldError>,
  Same<Wire.Problem, Schemas.Problem>,
  Same<Wire.NoteMaturity, Schemas.NoteMaturity>,
  Same<Wire.NoteSource, Schemas.NoteSource>,
  Same<Wire.KnowledgeNote, Schemas.KnowledgeNote>,
  Same<Wire.NoteDraft, Schemas.NoteDraft>,
  Same<Wire.NotePatch, Schemas.NotePatch>,
  Same<Wire.NoteRevision, Schemas.NoteRevision>,
  Same<Wire.NoteRevisionList, Schemas.NoteRevisionList>,
  Same<Wire.NoteSearchQuery, Schemas.NoteSearchQuery>,
  Same<Wire.NoteHighlight, Schemas.NoteHighlight>,
  Same<Wire.NoteHit, Schemas.NoteHit>,
  Same<Wire.NoteSearchResult, Schemas.NoteSearchResult>,
  Same<Wire.NoteList, Schemas.NoteList>,
  Same<Wire.PromoteRequest, Schemas.PromoteRequest>,
  Same<Wire.PostSearchQuery, Schemas.PostSearchQuery>,
  Same<Wire.HighlightRange, Schemas.HighlightRange>,
  Same<Wire.PostHit, Schemas.PostHit>,
  Same<Wire.PostSearchResult, Schemas.PostSearchResult>,
  Same<Wire.WatchSource, Schemas.WatchSource>,
  Same<Wire.WatchSourceList, Schemas.WatchSourceList>,
  Same<Wire.WatchSourceDraft, Schemas.WatchSourceDraft>,
  Same<Wire.WatchOpmlImport, Schemas.WatchOpmlImport>,
  Same<Wire.WatchOpmlResult, Schemas.WatchOpmlResult>,
  Same<Wire.WatchTriageRequest, Schemas.WatchTriageRequest>,
  Same<Wire.ReportReason, Schemas.ReportReason>,
  Same<Wire.ModerationTargetType, Schemas.ModerationTargetType>,
  Same<Wire.ReportRequest, Schemas.ReportRequest>,
  Same<Wire.Report, Schemas.Report>,
  Same<Wire.ModerationQueueItem, Schemas.ModerationQueueItem>,
  Same<Wire.ModerationQueue, Schemas.ModerationQueue>,
  Same<Wire.HideRequest, Schemas.HideRequest>,
  Same<Wire.WordFilters, Schemas.WordFilters>,
  Same<Wire.ModerationTargetParams, Schemas.ModerationTargetParams>,
]>;

const ROOT = resolve(import.meta.dirname, '../../..');
/** The modules holding schemas, as the generator lists them. */
const SCHEMA_MODULES = {
  schemas: () => import('./schemas.js'),
  problems: () => import('./problems.js'),
  knowledge: () => import('./knowledge.js'),
  search: () => import('./search.js'),
  watch: () => import('./watch.js'),
  moderation: () => import('./moderation.js'),
};
const SRC = resolve(import.meta.dirname);

interface Generator {
  SCHEMA_MODULES: string[];
  generateWireTypes(modules: { name: string; source: string; exports: Record<string, unknown> }[]): string;
  wireTypeNames(sources: string[]): string[];
}

describe('wire-types.ts (plain types of the schemas, for clients without TypeBox)', () => {
  it('is what scripts/wire-types.mjs generates from the current schemas', async () => {
    const generator = (await import(pathToFileURL(resolve(ROOT, 'scripts/wire-types.mjs')).href)) as Generator;
    const modules = await Promise.all(
      generator.SCHEMA_MODULES.map(async (name) => ({
        name,
        source: readFileSync(resolve(SRC, `${name}.ts`), 'utf8'),
        exports: (await SCHEMA_MODULES[name as keyof typeof SCHEMA_MODULES]()) as Record<string, unknown>,
      })),
    );
    const expected = generator.generateWireTypes(modules);
    // Stale: run `npm run generate:wire-types` after changing a schema.
    expect(readFileSync(resolve(SRC, 'wire-types.ts'), 'utf8')).toBe(expected);
  });

  it('has its equality with the schema checked at compile time for every type', async () => {
    const generator = (await import(pathToFileURL(resolve(ROOT, 'scripts/wire-types.mjs')).href)) as Generator;
    const names = generator.wireTypeNames(generator.SCHEMA_MODULES.map((name) => readFileSync(resolve(SRC, `${name}.ts`), 'utf8')));
    const checked = [...readFileSync(resolve(SRC, 'wire-types.test.ts'), 'utf8').matchAll(/Same<Wire\.(\w+), Schemas\.\1>/g)].map((m) => m[1]);
    expect(checked).toEqual(names);
  });

  it('imports no TypeBox, nor any module that does', () => {
    const text = readFileSync(resolve(SRC, 'wire-types.ts'), 'utf8');
    const imports = [...text.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['./problem-codes.js']);
    expect(readFileSync(resolve(SRC, 'problem-codes.ts'), 'utf8')).not.toMatch(/from 'typebox/);
  });
});
