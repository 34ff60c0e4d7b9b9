/**
 * `<eco-video>`: a post's video once a reader asked to play it (loaded
 * then by `<eco-post>`, which shows only the poster before): the browser's
 * player with the video's captions as WebVTT tracks, the reader's language
 * chosen by default, a switch between languages, and the transcript of
 * the chosen captions, each line a button that goes to its moment.
 */
import { css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { Attachment, Locale } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { languageName } from '../base/language-name.js';
import { videoStrings } from '../locales/video-strings.js';
import { baseStyles, token } from '../styles/tokens.js';
import { buttonStyles } from '../styles/buttons.js';
import { urlKey } from './attachment-files.js';

/** One line of a transcript: when it is said, and what. */
interface Line {
  start: number;
  text: string;
}

/** "1:05", "1:02:03". */
function clock(seconds: number): string {
  const s = Math.floor(seconds % 60).toString().padStart(2, '0');
  const m = Math.floor(seconds / 60) % 60;
  const h = Math.floor(seconds / 3600);
  return h > 0 ? `${h}:${m.toString().padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * @tag eco-video
 *
 * @summary A post's video with its captions and transcript (shown by `<eco-post>` once a reader plays it).
 *
 * @csspart player - The `<video>`.
 * @csspart captions - The captions language switch (a `<select>`: Off, then each language).
 * @csspart transcript-toggle - Shows or hides the transcript (`aria-expanded`).
 * @csspart transcript - The transcript: a list of lines of the chosen captions.
 * @csspart line - One line: a button that plays from its moment.
 */
export class EcoVideo extends EcoElement {
  static override styles = [
    baseStyles,
    buttonStyles,
    css`
      video {
        display: block;
        width: 100%;
        aspect-ratio: var(--eco-video-ratio, 16 / 9);
        border-radius: ${token('--eco-radius')};
        background: #000;
      }
      .bar {
        display: flex;
        flex-wrap: wrap;
        gap: ${token('--eco-space-s')};
        align-items: center;
        margin-block-start: ${token('--eco-space-xs')};
      }
      ol {
        max-height: 16rem;
        overflow: auto;
        margin: ${token('--eco-space-xs')} 0 0;
        padding: 0;
        list-style: none;
      }
      [part='line'] {
        display: flex;
        gap: ${token('--eco-space-s')};
        width: 100%;
        border: none;
        background: none;
        text-align: start;
        font: inherit;
        color: inherit;
      }
      time {
        color: ${token('--eco-color-text-muted')};
        font-variant-numeric: tabular-nums;
      }
    `,
  ];
  static strings = [videoStrings];

  /** The video, as the post lists it. */
  @property({ attribute: false }) attachment: Attachment | undefined;
  /** The addresses of its file, poster and captions, by `urlKey`. */
  @property({ attribute: false }) urls: ReadonlyMap<string, string> = new Map();
  /** The captions shown: a locale, or `off`. Defaults to the reader's language when the video has it. */
  @state() captions: Locale | 'off' | undefined;
  @state() private transcriptOpen = false;
  @state() private lines: readonly Line[] = [];
  @query('video') private video!: HTMLVideoElement;

  /** The captions language in effect. */
  get shownCaptions(): Locale | 'off' {
    const available = this.attachment?.captions ?? [];
    if (this.captions !== undefined) return this.captions;
    return available.some((c) => c.locale === this.locale) ? (this.locale as Locale) : 'off';
  }

  /** Moves focus to the player. */
  override focus(options?: FocusOptions): void {
    this.video?.focus(options);
  }

  /** Plays the video (the post calls it once the reader asked). */
  async play(): Promise<void> {
    await this.updateComplete;
    await this.video.play().catch(() => undefined);
  }

  protected override updated(): void {
    // The chosen track shows, the others are hidden (still loaded, for the transcript).
    const shown = this.shownCaptions;
    for (const track of this.renderRoot.querySelectorAll('track')) {
      track.track.mode = track.srclang === shown ? 'showing' : 'disabled';
    }
    void this.readTranscript();
  }

  /** The chosen captions' lines, once their track has loaded. */
  private async readTranscript(): Promise<void> {
    // After this update, not within it.
    await Promise.resolve();
    const shown = this.shownCaptions;
    const element = [...this.renderRoot.querySelectorAll('track')].find((track) => track.srclang === shown);
    if (!element || !this.transcriptOpen) return;
    if (element.readyState !== HTMLTrackElement.LOADED) {
      await new Promise<void>((resolve) => {
        element.addEventListener('load', () => resolve(), { once: true });
        element.addEventListener('error', () => resolve(), { once: true });
      });
    }
    const lines = [...(element.track.cues ?? [])].map((cue) => ({
      start: cue.startTime,
      // The cue's words without its markup (voices, bold), as text.
      text: (cue as VTTCue).getCueAsHTML().textContent ?? '',
    }));
    if (this.shownCaptions === shown && JSON.stringify(lines) !== JSON.stringify(this.lines)) this.lines = lines;
  }

  private readonly handleCaptions = (event: Event): void => {
    this.captions = (event.target as HTMLSelectElement).value as Locale | 'off';
    this.lines = [];
  };

  private seek(start: number): void {
    this.video.currentTime = start;
    void this.video.play().catch(() => undefined);
  }

  override render() {
    const video = this.attachment;
    if (!video) return nothing;
    const t = this.localize.t.bind(this.localize);
    const captions = video.captions ?? [];
    const shown = this.shownCaptions;
    const posterSize = video.poster?.sizes?.[video.poster.sizes.length - 1]?.name;
    const poster = video.poster ? (this.urls.get(urlKey(video.poster.id, posterSize)) ?? this.urls.get(video.poster.id)) : undefined;
    return html`<video
        part="player"
        controls
        preload="metadata"
        src=${this.urls.get(video.id) ?? nothing}
        poster=${poster ?? nothing}
        aria-label=${t('videoLabel', { name: video.alt ?? video.name })}
      >
        ${captions.map(
          (caption) =>
            html`<track kind="captions" srclang=${caption.locale} label=${languageName(caption.locale)} src=${this.urls.get(caption.id) ?? nothing} />`,
        )}
      </video>
      ${captions.length > 0
        ? html`<div class="bar">
            <label
              >${t('videoCaptions')}
              <select part="captions" @change=${this.handleCaptions}>
                <option value="off" ?selected=${shown === 'off'}>${t('videoCaptionsOff')}</option>
                ${captions.map((c) => html`<option value=${c.locale} lang=${c.locale} ?selected=${shown === c.locale}>${languageName(c.locale)}</option>`)}
              </select></label
            >
            <button
              part="transcript-toggle"
              type="button"
              aria-expanded=${this.transcriptOpen ? 'true' : 'false'}
              aria-controls="transcript"
              ?disabled=${shown === 'off'}
              @click=${() => (this.transcriptOpen = !this.transcriptOpen)}
            >
              ${t('videoTranscript')}
            </button>
          </div>`
        : nothing}
      ${this.transcriptOpen && shown !== 'off'
        ? html`<ol part="transcript" id="transcript" lang=${shown} aria-label=${t('videoTranscriptOf', { language: languageName(shown, this.locale) })}>
            ${this.lines.map(
              (line) =>
                html`<li>
                  <button part="line" type="button" @click=${() => this.seek(line.start)}><time>${clock(line.start)}</time><span>${line.text}</span></button>
                </li>`,
            )}
          </ol>`
        : nothing}`;
  }
}
