import { html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import { canUpload, formatCount, formatDateTime, safeHref, type EcotoneClient } from '@ecotone/core';
import { talkShowPhase, type Post } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { callerOf, knownCallerOf } from '../base/caller.js';
import { ClockController } from '../controllers/clock-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { talkShowStrings } from '../locales/talk-show-strings.js';
import type { RecordingBox } from './recording-box.js';
import styles from './talk-show-session.styles.js';

/** How often the session's state (upcoming, live now, ended) is looked at again, in milliseconds. */
const PHASE_REFRESH_MS = 30_000;

/** A talk-show's start, in the reader's own time zone and language. */
const START: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/** The author's box to add the recording, loaded only for them, once the session is over. */
const importRecordingBox = () => import('./recording-box.js');

/**
 * @tag eco-talk-show-session
 *
 * @summary A talk-show's session: its title, state (upcoming, live now,
 * ended), start in the reader's own time zone and language, length, hosts,
 * and the link to the company's streaming service when the server kept one;
 * once it has ended, its author adds the recording and its captions to the
 * post.
 *
 * The stream link is only ever a plain link opened in a new tab: nothing is
 * embedded or fetched from it. `<eco-post>` shows this element at the top of
 * a talk-show post, loading it with the question queue, only then. After
 * the session, the post's author (who alone may change the post) gets
 * "Attach files" (the composer's list: progress, Cancel, Retry, a video's
 * poster and captions in each language) and "Add to the post", which sends
 * the files as the post's edit (`attach`); readers then get the files with
 * the post, live.
 *
 * @csspart base - The session's box.
 * @csspart talk-show-state - "Upcoming", "Live now" or "Ended".
 * @csspart stream - The stream link.
 * @csspart recording - After the session, the author's box to add the recording: its hint, "Attach files", the list of files and "Add to the post".
 * @csspart attach - "Attach files".
 * @csspart attachments - The list of files being added.
 * @csspart attachment - One of them: name, kind, size, progress, Cancel / Remove / Retry.
 * @csspart add-recording - "Add to the post" (`aria-busy` while sending; disabled, with the reason, while files upload).
 * @csspart message - Why the files were not added (they stay in the list), or that they were.
 *
 * @cssproperty --eco-talk-show-session-border-color - The box's border.
 * @cssproperty --eco-talk-show-session-muted-color - The start and the hosts.
 * @cssproperty --eco-talk-show-session-badge-background - The state's badge.
 * @cssproperty --eco-talk-show-session-badge-color - Text of the state's badge.
 * @cssproperty --eco-talk-show-session-live-background - The badge while live.
 * @cssproperty --eco-talk-show-session-link-color - The stream link.
 *
 * @event {EcoErrorEvent} eco-error - Adding the recording (`add-recording`) failed; the element shows why and keeps the files.
 */
export class EcoTalkShowSession extends EcoElement {
  static override styles = styles;
  static strings = [talkShowStrings];

  /** The talk-show post whose session to show (its `talkShow`, its author and id). */
  @property({ attribute: false }) post?: Post;

  /** The caller's id, once known (the author adds the recording). */
  @state() private callerId: string | undefined;
  private callerClient: EcotoneClient | undefined;

  private readonly clock = new ClockController(this, PHASE_REFRESH_MS);
  /** The recording's box, loaded for the author once the session is over. */
  private readonly recordingModule = new LazyModuleController(this, importRecordingBox, (error) => this.emit('eco-error', { action: 'load', error }));
  private recording: RecordingBox | undefined;

  protected override willUpdate(changed: Map<PropertyKey, unknown>): void {
    super.willUpdate(changed);
    const client = this.resolvedClient;
    if (client && client !== this.callerClient) {
      this.callerClient = client;
      this.callerId = knownCallerOf(client)?.actor.id;
      if (!this.callerId) {
        void callerOf(client).then((me) => {
          if (this.callerClient === client) this.callerId = me?.actor.id;
        });
      }
    }
  }

  protected override updated(): void {
    // Once: a failed import is told (eco-error) and not tried again at every render.
    if (this.mayAddRecording && !this.recordingModule.ready && !this.recordingModule.error) void this.recordingModule.load().catch(() => undefined);
  }

  /** The post's author, after the session, with a client that keeps files. */
  private get mayAddRecording(): boolean {
    const post = this.post;
    const client = this.resolvedClient;
    if (!post?.talkShow || !client || !canUpload(client)) return false;
    return post.author.id === this.callerId && talkShowPhase(post.talkShow, new Date(this.clock.now)) === 'ended';
  }

  protected override render() {
    const show = this.post?.talkShow;
    if (!show) return nothing;
    const t = this.localize.t.bind(this.localize);
    const phase = talkShowPhase(show, new Date(this.clock.now));
    const hosts = new Intl.ListFormat(this.locale, { type: 'conjunction' }).format(show.hosts.map((h) => h.displayName));
    // Only an http(s) link, as a plain link: never embedded, nothing fetched from it.
    const stream = show.streamUrl ? safeHref(show.streamUrl) : undefined;
    const streamHref = stream && /^https?:/.test(stream) ? stream : undefined;
    return html`<div part="base">
      <p class="title"><strong dir="auto">${show.title}</strong>
        <span part="talk-show-state" class=${`badge ${phase}`}>${t(phase === 'live' ? 'talkShowLive' : phase === 'upcoming' ? 'talkShowUpcoming' : 'talkShowEnded')}</span></p>
      <p class="meta"><time datetime=${show.startsAt}>${t('talkShowWhen', { start: formatDateTime(new Date(show.startsAt), this.locale, START), minutes: formatCount(show.durationMinutes, this.locale) })}</time></p>
      <p class="meta">${t('talkShowHosts', { hosts })}</p>
      ${streamHref ? html`<p><a part="stream" href=${streamHref} target="_blank" rel="noopener noreferrer">${t('talkShowStream')}</a></p>` : nothing}
      ${this.mayAddRecording ? this.renderRecording() : nothing}
    </div>`;
  }

  /** The author's box, once its module has arrived. */
  private renderRecording() {
    const module = this.recordingModule.value;
    if (!module) return nothing;
    this.recording ??= new module.RecordingBox({
      element: this,
      post: () => this.post,
      client: () => this.resolvedClient,
      locale: () => this.locale,
      t: (key, values) => this.localize.t(key, values),
      errorText: (error) => this.errorText(error),
      failed: (error) => this.emit('eco-error', { action: 'add-recording', error }),
    });
    return this.recording.render();
  }
}
