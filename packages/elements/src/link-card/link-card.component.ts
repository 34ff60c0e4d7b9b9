import { html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { safeHref, type EcotoneClient } from '@ecotone/core';
import type { LinkPreview } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { errorCode } from '../base/error-message.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { linkCardStrings } from '../locales/link-card-strings.js';
import styles from './link-card.styles.js';

/**
 * `url` when it is an http(s) URL (as core's `safeHref` normalises it), else
 * undefined: a card never renders `javascript:`, `data:` or even `mailto:` as a link.
 */
function webHref(url: string | undefined): string | undefined {
  const safe = url ? safeHref(url) : undefined;
  return safe && /^https?:/.test(safe) ? safe : undefined;
}

/** An embed URL a click may load: https only, so the video host is reached encrypted or not at all. */
function embedHref(url: string | undefined): string | undefined {
  const safe = webHref(url);
  return safe?.startsWith('https:') ? safe : undefined;
}

/**
 * @tag eco-link-card
 *
 * @summary A link with the preview the server fetched for it: title, site,
 * description and image as one accessible link; videos play only on click.
 *
 * The preview comes from `client.preview(href)` (the server fetches the page
 * under its egress policy; the image is served from the server's own origin,
 * so the reader's browser contacts no other host), or from the `preview`
 * property (as `<eco-post>` does with `post.linkPreview`). While loading it
 * shows a skeleton (`aria-busy`); when previews are off on the server, when
 * the page has no title, or without a client, a plain link; after another
 * failure, a plain link and the reason. Only http and https URLs are ever
 * links; anything else shows as text.
 *
 * A video preview shows its thumbnail and a Play button. Nothing from the
 * video host loads before the click; the click puts its https embed URL in
 * a sandboxed `<iframe>` without referrer, and moves focus to it.
 *
 * @csspart base - The wrapper: the card, the skeleton or the plain link's line.
 * @csspart link - The `<a>`: the card's title link (the whole card is clickable), or the plain link.
 * @csspart title - The title, inside the link.
 * @csspart site - Site name and host name.
 * @csspart description - The description (describes the link through `aria-describedby`).
 * @csspart image - The image or video thumbnail.
 * @csspart media - The box of the image, thumbnail, Play button or video.
 * @csspart play - The Play button of a video.
 * @csspart video - The video's `<iframe>`, after Play.
 * @csspart reason - Why there is no preview (a failure other than previews being off).
 *
 * @cssproperty --eco-link-card-background - Card background.
 * @cssproperty --eco-link-card-border-color - Card border colour.
 * @cssproperty --eco-link-card-radius - Card corner radius.
 * @cssproperty --eco-link-card-muted-color - Site, description and reason colour.
 * @cssproperty --eco-link-card-link-color - Colour of the title and of plain links.
 * @cssproperty --eco-link-card-media-background - Behind the image and the video, and the skeleton.
 * @cssproperty --eco-link-card-play-background - Play button background.
 * @cssproperty --eco-link-card-play-color - Play button icon colour.
 *
 * @event {EcoErrorEvent} eco-error - The preview could not be fetched (`action: 'preview'`); not for `previews_disabled`, which is the server's configuration.
 */
export class EcoLinkCard extends EcoElement {
  static override styles = styles;
  static strings = [linkCardStrings];

  /** The URL to preview through the client (http or https; anything else is shown as text, never fetched). */
  @property() href?: string;

  /** A preview already known (e.g. `post.linkPreview`); when set, nothing is fetched and `href` is ignored. */
  @property({ attribute: false }) preview?: LinkPreview;

  /** The reader pressed Play: the video's iframe is rendered. */
  @state() private playing = false;

  private readonly fetched = new ObservableController<LinkPreview | undefined, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.preview ? undefined : webHref(this.href)] as const,
    ([client, href]) => (client && href ? client.preview$(href) : undefined),
  );

  /** The fetch error already announced with `eco-error`. */
  private reportedError: unknown;
  private readonly focusing = new FocusController(this);

  /** The preview shown: the `preview` property, else the fetched one. */
  get currentPreview(): LinkPreview | undefined {
    return this.preview ?? this.fetched.value;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    // Another link: its video waits for its own click.
    if (changed.has('href') || changed.has('preview')) this.playing = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    const error = this.fetched.error;
    if (error && error !== this.reportedError) {
      this.reportedError = error;
      if (errorCode(error) !== 'previews_disabled') this.emit('eco-error', { action: 'preview', error: error as Error });
    }
    const video = this.currentPreview?.video;
    const media = this.renderRoot.querySelector<HTMLElement>('.media.video');
    // Through the CSSOM: a style attribute would break a strict style-src.
    if (media && video?.width && video.height) media.style.aspectRatio = `${video.width} / ${video.height}`;
  }

  private handlePlay(): void {
    this.playing = true;
    // The button disappears with the click: keep the keyboard where the video is.
    this.focusing.focusAfterRender('iframe');
  }

  /** A plain link to `href`, with the reason there is no card when it is worth saying. */
  private renderPlain(href: string, reason?: string) {
    return html`<span part="base" class="plain"
      ><a part="link" href=${href} target="_blank" rel="noopener noreferrer">${href}</a>${reason
        ? html` <span part="reason" class="reason">${reason}</span>`
        : nothing}</span
    >`;
  }

  private renderMedia(preview: LinkPreview, title: string) {
    const image = webHref(preview.imageUrl);
    const img = image ? html`<img part="image" class="image" src=${image} alt=${preview.imageAlt ?? ''} />` : nothing;
    const embed = embedHref(preview.video?.embedUrl);
    if (!embed) return image ? html`<div part="media" class="media">${img}</div>` : nothing;
    return html`<div part="media" class="media video">
      ${this.playing
        ? html`<iframe
            part="video"
            src=${embed}
            title=${this.localize.t('linkCardVideo', { title })}
            sandbox="allow-scripts allow-same-origin allow-presentation"
            allow="fullscreen; picture-in-picture"
            referrerpolicy="no-referrer"
          ></iframe>`
        : html`${img}<button
              part="play"
              class="play"
              type="button"
              aria-label=${this.localize.t('linkCardPlay', { title })}
              @click=${this.handlePlay}
            >
              <svg viewBox="0 0 24 24" aria-hidden="true" focusable="false"><path d="M8 5v14l11-7z" /></svg>
            </button>`}
    </div>`;
  }

  override render() {
    const preview = this.currentPreview;
    const url = preview?.url ?? this.href ?? '';
    const href = webHref(url);
    // Not a web address: the characters, never a link.
    if (!href) return url ? html`<span part="base" class="plain">${url}</span>` : nothing;
    if (!preview) {
      const error = this.fetched.error;
      if (error) return this.renderPlain(href, errorCode(error) === 'previews_disabled' ? undefined : this.errorText(error));
      if (!this.resolvedClient) return this.renderPlain(href);
      return html`<span part="base" class="plain skeleton" aria-busy="true"
        ><a part="link" href=${href} target="_blank" rel="noopener noreferrer">${href}</a>
        <span class="visually-hidden">${this.localize.t('linkCardLoading')}</span><span class="bar" aria-hidden="true"></span
      ></span>`;
    }
    const title = preview.title?.trim();
    if (!title) return this.renderPlain(href);
    const host = new URL(href).hostname;
    const description = preview.description?.trim();
    return html`<div part="base" class="card">
      ${this.renderMedia(preview, title)}
      <div class="text">
        <a
          part="link"
          class="link"
          href=${href}
          target="_blank"
          rel="noopener noreferrer"
          aria-describedby=${description ? 'description' : nothing}
          ><span part="title" class="title" dir="auto">${title}</span></a
        >
        <span part="site" class="site">${preview.siteName ? html`<bdi>${preview.siteName}</bdi> · ` : nothing}${host}</span>
        ${description ? html`<p part="description" id="description" class="description" dir="auto">${description}</p>` : nothing}
      </div>
    </div>`;
  }
}
