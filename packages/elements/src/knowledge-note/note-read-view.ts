/** The read view of `<eco-knowledge-note>`: header (title, maturity, review date, meta, tags), body, sources, backlink. */
import { html, nothing, type TemplateResult } from 'lit';
import { formatRelativeTime, type EcotoneClient, type MdBlock } from '@ecotone/core';
import type { KnowledgeNote } from '@ecotone/protocol';
import { isolate, withControl } from '../base/bidi.js';
import { languageName } from '../base/language-name.js';
import { renderBody, type MentionContext } from '../post/markdown-template.js';
import { formatCalendarDate, localDate, MATURITY_KEYS, type NoteViewContext } from './note-format.js';

/** The title, maturity badge, review date (marked when overdue), owner, last update, language and tags. */
export function renderNoteHeader(note: KnowledgeNote, view: NoteViewContext): TemplateResult {
  const { t, locale } = view;
  const updated = new Date(note.updatedAt);
  const fullDate = new Intl.DateTimeFormat(locale, { dateStyle: 'full', timeStyle: 'short' }).format(updated);
  const overdue = note.reviewBy !== null && note.reviewBy < localDate(view.now);
  return html`<header part="header" class="header">
    <h2 id="title" part="title" class="title" lang=${note.language} dir="auto">${note.title}</h2>
    <p class="line">
      <span part="maturity" class="badge maturity ${note.maturity}">${t('noteMaturity', { maturity: t(MATURITY_KEYS[note.maturity]) })}</span>
      ${note.reviewBy
        ? html`<span part="review${overdue ? ' overdue' : ''}" class="review ${overdue ? 'overdue' : ''}"
            ><time datetime=${note.reviewBy}>${t('noteReviewBy', { date: formatCalendarDate(note.reviewBy, locale) })}</time
            >${overdue ? html` <strong class="overdue-mark">${t('noteOverdue')}</strong>` : nothing}</span
          >`
        : nothing}
    </p>
    <p part="meta" class="meta">
      <span
        >${withControl(
          (name) => t('noteOwner', { name }),
          note.owner.displayName,
          (name) =>
            html`<button part="owner" class="person-link" type="button" dir="auto" @click=${(e: Event) => view.openPerson?.(note.owner, e.currentTarget as HTMLElement)}>
              ${name}
            </button>`,
        )}</span
      >
      ·
      <span
        ><time datetime=${note.updatedAt} title=${fullDate}
          >${t('noteUpdated', { time: formatRelativeTime(updated, locale, new Date(view.now)), name: isolate(note.updatedBy.displayName) })}</time
        ></span
      >
      · <span>${t('noteLanguage', { language: languageName(note.language, locale) })}</span>
    </p>
    ${note.tags.length
      ? html`<ul part="tags" class="tags" aria-label=${t('noteTags')}>
          ${note.tags.map((tag) => html`<li part="tag" class="tag" dir="auto">${tag}</li>`)}
        </ul>`
      : nothing}
  </header>`;
}

/** What the read body needs beyond the note views' context. */
export interface NoteReadViewContext extends NoteViewContext {
  client: EcotoneClient | undefined;
  /** `<eco-link-card>` is defined: sources show as cards, else as their URL. */
  linkCardReady: boolean;
  /** `<eco-attachments>` is defined: the note's files show (they load with the first note that has any). */
  attachmentsReady: boolean;
  /** The people the body mentions, named in the element's language. */
  mentions: MentionContext;
  /** The parsed body (kept by the element between renders). */
  blocksOf(body: string): MdBlock[];
  /** The link to the post the note was promoted from, if the page gave a template. */
  postHref(postId: string): string | undefined;
  /** "Promoted from a post" activated without a link. */
  openPost(postId: string): void;
}

/** The Markdown body (through templates only), its files, the sources as link cards, and the "promoted from a post" backlink. */
export function renderNoteReadBody(note: KnowledgeNote, view: NoteReadViewContext): TemplateResult {
  const { t } = view;
  const promoted = note.promotedFrom;
  const postHref = promoted ? view.postHref(promoted) : undefined;
  return html`<div part="body" class="body" lang=${note.language}>${renderBody(note.body, view.mentions, (body) => view.blocksOf(body))}</div>
    ${note.attachments?.length && view.attachmentsReady
      ? html`<eco-attachments part="attachments" exportparts="gallery, image, video, play, file" .client=${view.client} .attachments=${note.attachments}></eco-attachments>`
      : nothing}
    ${note.sources.length
      ? html`<section part="sources" class="sources" aria-labelledby="sources-heading">
          <h3 id="sources-heading">${t('noteSources')}</h3>
          <ul>
            ${note.sources.map(
              (source) =>
                html`<li>
                  ${view.linkCardReady
                    ? source.preview
                      ? html`<eco-link-card exportparts="base: link-card" .client=${view.client} .preview=${source.preview}></eco-link-card>`
                      : html`<eco-link-card exportparts="base: link-card" .client=${view.client} href=${source.url}></eco-link-card>`
                    : html`<span class="source-url">${source.url}</span>`}
                </li>`,
            )}
          </ul>
        </section>`
      : nothing}
    ${promoted
      ? html`<p class="promoted-line">
          ${postHref
            ? html`<a part="promoted" href=${postHref}>${t('notePromotedFrom')}</a>`
            : html`<button part="button promoted" type="button" @click=${() => view.openPost(promoted)}>${t('notePromotedFrom')}</button>`}
        </p>`
      : nothing}`;
}
