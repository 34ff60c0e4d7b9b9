/**
 * Talk-show rules: what a talk-show draft must satisfy beyond its JSON
 * schema, which stream links are kept, who moderates the question queue, who
 * sees a question, when votes are taken, and the session's phase at `now`.
 * Who may ask and vote at all is whoever reads the post (`canAskQuestion`).
 */
import { TALK_SHOW_DURATION_DEFAULT_MINUTES } from '../constants.js';
import { normalizeLabel } from '../labels.js';
import type { PostKind, PublishRequest, QuestionState, Role, TalkShowDraft, Visibility } from '../wire-types.js';
import type { ProblemFieldError } from '../wire-types.js';
import type { RuleProblem } from './problem.js';
import { canReadSpace, isAnnouncer } from './spaces.js';

/**
 * Problems of the talk-show part of a publish request (`validation_failed`):
 * `talkShow` is required exactly when `kind` is `talk_show`; its title is
 * not blank once normalised; each host is a member of the space
 * (`isMember`). The stream link is checked apart ({@link streamLinkProblem}).
 */
export function talkShowErrors(request: Pick<PublishRequest, 'talkShow'>, kind: PostKind, isMember: (actorId: string) => boolean): ProblemFieldError[] {
  const draft = request.talkShow;
  if (kind !== 'talk_show') return draft === undefined ? [] : [{ path: '/body/talkShow', message: 'is only for talk-shows (kind talk_show)' }];
  if (draft === undefined) return [{ path: '/body/talkShow', message: 'is required for a talk-show' }];
  const errors: ProblemFieldError[] = [];
  if (normalizeLabel(draft.title) === '') errors.push({ path: '/body/talkShow/title', message: 'must not be blank' });
  draft.hosts.forEach((id, i) => {
    if (!isMember(id)) errors.push({ path: `/body/talkShow/hosts/${i}`, message: 'is not a member of the space' });
  });
  return errors;
}

/** A stream link as kept: its normalised URL and the host the egress policy judges. */
export interface StreamLink {
  /** The URL, as the WHATWG parser normalises it. */
  url: string;
  /** Its host name (lowercase; an IPv6 literal without brackets). */
  host: string;
}

/**
 * The stream link of `raw` when it is an absolute http(s) URL with a host
 * and no credentials in it; undefined otherwise. Nothing is looked up.
 */
export function streamLinkOf(raw: string): StreamLink | undefined {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return undefined;
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !url.hostname) return undefined;
  if (url.username !== '' || url.password !== '') return undefined;
  const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
  return { url: url.href, host };
}

/**
 * Why a talk-show's stream link is refused (`stream_link_refused`), or null
 * when it is kept: it must be an http(s) link ({@link streamLinkOf}) whose
 * host the backend's egress policy permits (`permits`, decided by name or
 * literal address, without any lookup). With egress off, none is.
 */
export function streamLinkProblem(raw: string, permits: (host: string) => boolean): RuleProblem | null {
  const link = streamLinkOf(raw);
  if (!link) return { code: 'stream_link_refused', title: 'The stream link must be an http or https URL without credentials' };
  if (!permits(link.host)) return { code: 'stream_link_refused', title: `The egress policy of this server does not permit links to ${link.host}` };
  return null;
}

/** A talk-show draft's duration, in minutes ({@link TALK_SHOW_DURATION_DEFAULT_MINUTES} when not given). */
export function talkShowDuration(draft: Pick<TalkShowDraft, 'durationMinutes'>): number {
  return draft.durationMinutes ?? TALK_SHOW_DURATION_DEFAULT_MINUTES;
}

/** Whether the viewer moderates a talk-show's queue: one of its hosts, or an owner or correspondent of its space. */
export function moderatesTalkShow(talkShow: { hostIds: readonly string[] }, viewerId: string, role: Role | null): boolean {
  return talkShow.hostIds.includes(viewerId) || isAnnouncer(role);
}

/**
 * Whether the viewer may ask and up-vote questions: whoever reads the post
 * (its space readable and, while it is a draft, seen by them) takes part,
 * as in voting on a poll; the caller checks the post's visibility first.
 */
export function canAskQuestion(visibility: Visibility, role: Role | null): boolean {
  return canReadSpace(visibility, role);
}

/** Whether the viewer sees a question: anyone unless it is hidden; a hidden one, its moderators and its author. */
export function canSeeQuestion(question: { authorId: string; state: QuestionState }, viewerId: string, moderator: boolean): boolean {
  return question.state !== 'hidden' || moderator || question.authorId === viewerId;
}

/**
 * Why a vote cannot be cast or taken back (`conflict`), or null: only open
 * questions take votes (answered and hidden ones keep theirs as they are).
 * People may up-vote their own question.
 */
export function questionVoteProblem(state: QuestionState): RuleProblem | null {
  return state === 'open' ? null : { code: 'conflict', title: 'Only open questions take votes' };
}

/** Why the viewer may not change a question's state (`forbidden`), or null when they moderate the talk-show. */
export function questionStateProblem(moderator: boolean): RuleProblem | null {
  return moderator ? null : { code: 'forbidden', title: 'Only the hosts and the space’s owners and correspondents moderate the questions' };
}

/** Where a talk-show stands at `now`: before its start, between its start and end, or after. */
export type TalkShowPhase = 'upcoming' | 'live' | 'ended';

/** The phase of a talk-show starting at `startsAt` and lasting `durationMinutes`, at `now`. */
export function talkShowPhase(talkShow: { startsAt: string; durationMinutes: number }, now: Date): TalkShowPhase {
  const start = Date.parse(talkShow.startsAt);
  const end = start + talkShow.durationMinutes * 60_000;
  const at = now.getTime();
  return at < start ? 'upcoming' : at < end ? 'live' : 'ended';
}
