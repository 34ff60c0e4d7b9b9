import { html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { formatCount, formatDateTime, safeHref } from '@ecotone/core';
import { talkShowPhase, type TalkShow } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { ClockController } from '../controllers/clock-controller.js';
import { talkShowStrings } from '../locales/talk-show-strings.js';
import styles from './talk-show-session.styles.js';

/** How often the session's state (upcoming, live now, ended) is looked at again, in milliseconds. */
const PHASE_REFRESH_MS = 30_000;

/** A talk-show's start, in the reader's own time zone and language. */
const START: Intl.DateTimeFormatOptions = { dateStyle: 'full', timeStyle: 'short' };

/**
 * @tag eco-talk-show-session
 *
 * @summary A talk-show's session: its title, state (upcoming, live now,
 * ended), start in the reader's own time zone and language, length, hosts,
 * and the link to the company's streaming service when the server kept one.
 *
 * The stream link is only ever a plain link opened in a new tab: nothing is
 * embedded or fetched from it. `<eco-post>` shows this element at the top of
 * a talk-show post, loading it with the question queue, only then.
 *
 * @csspart base - The session's box.
 * @csspart talk-show-state - "Upcoming", "Live now" or "Ended".
 * @csspart stream - The stream link.
 *
 * @cssproperty --eco-talk-show-session-border-color - The box's border.
 * @cssproperty --eco-talk-show-session-muted-color - The start and the hosts.
 * @cssproperty --eco-talk-show-session-badge-background - The state's badge.
 * @cssproperty --eco-talk-show-session-badge-color - Text of the state's badge.
 * @cssproperty --eco-talk-show-session-live-background - The badge while live.
 * @cssproperty --eco-talk-show-session-link-color - The stream link.
 */
export class EcoTalkShowSession extends EcoElement {
  static override styles = styles;
  static strings = [talkShowStrings];

  /** The session to show (a talk-show post's `talkShow`). */
  @property({ attribute: false }) talkShow?: TalkShow;

  private readonly clock = new ClockController(this, PHASE_REFRESH_MS);

  protected override render() {
    const show = this.talkShow;
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
    </div>`;
  }
}
