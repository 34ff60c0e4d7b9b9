import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { formatRelativeTime, type EcotoneClient } from '@ecotone/core';
import type { KnowledgeNote, NoteRevision } from '@ecotone/protocol';
import { isolate } from '../base/bidi.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { NoteViewContext } from './note-format.js';
import type { DiffPart } from './note-diff.js';

/** jsdiff loads only when a history is opened. */
const importDiff = () => import('./note-diff.js');

/**
 * The revision history of a knowledge note: open or closed, the revisions
 * (read again when the note gets a new revision while open), and the two
 * compared (a revision and its predecessor by default).
 */
export class NoteHistoryController implements ReactiveController {
  open = false;
  revisions: NoteRevision[] | undefined;
  error: unknown;
  compareFrom = 0;
  compareTo = 0;
  readonly diff: LazyModuleController<typeof import('./note-diff.js')>;
  /** The revision of the note the list was read for (0: read again). */
  private readFor = 0;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly source: {
      /** The client to read through. */
      client(): EcotoneClient | undefined;
      /** The note shown. */
      note(): KnowledgeNote | undefined;
      /** Reading the history failed. */
      failed(error: Error): void;
    },
  ) {
    host.addController(this);
    this.diff = new LazyModuleController(host, importDiff);
  }

  hostConnected(): void {}

  /** Opens or closes the history; opening reads it. */
  toggle(): void {
    this.open = !this.open;
    this.host.requestUpdate();
    if (this.open) void this.load();
  }

  /** Closed and forgotten (another note is shown). */
  reset(): void {
    this.open = false;
    this.revisions = undefined;
    this.host.requestUpdate();
  }

  /** Reads the history again if it is open and the note has a revision it did not read. */
  follow(): void {
    const note = this.source.note();
    if (this.open && note && note.revision !== this.readFor) void this.load();
  }

  /** Reads the revisions of the note shown (and the diff code, the first time). */
  async load(): Promise<void> {
    const client = this.source.client();
    const note = this.source.note();
    if (!client || !note) return;
    this.readFor = note.revision;
    this.error = undefined;
    try {
      const [, revisions] = await Promise.all([this.diff.load(), client.noteRevisions(note.id)]);
      if (this.source.note()?.id !== note.id) return;
      const keep = this.revisions !== undefined && this.compareTo !== this.revisions.at(-1)?.revision;
      this.revisions = revisions;
      if (!keep) this.select(revisions.at(-1)?.revision ?? 0);
    } catch (error) {
      this.error = error;
      this.readFor = 0;
      this.source.failed(error as Error);
    }
    this.host.requestUpdate();
  }

  /** Compares a revision with its predecessor. */
  select(revision: number): void {
    const list = this.revisions ?? [];
    const index = list.findIndex((r) => r.revision === revision);
    this.compareTo = revision;
    this.compareFrom = index > 0 ? (list[index - 1]?.revision ?? 0) : 0;
    this.host.requestUpdate();
  }

  /** Chooses either side of the comparison. */
  compare(side: 'from' | 'to', revision: number): void {
    if (side === 'from') this.compareFrom = revision;
    else this.compareTo = revision;
    this.host.requestUpdate();
  }
}

/** The history section: revisions (newest first), the two compared, and the diff between them. */
export function renderNoteHistory(history: NoteHistoryController, view: NoteViewContext): TemplateResult {
  const { t, locale } = view;
  const revisions = history.revisions;
  const diff = history.diff.value;
  let content: TemplateResult;
  if (history.error && !revisions) {
    content = html`<p part="message" class="message" role="alert">${t('noteHistoryError', { reason: view.errorText(history.error) })}</p>
      <button part="button retry" type="button" @click=${() => void history.load()}>${t('noteRetry')}</button>`;
  } else if (!revisions || !diff) {
    content = html`<p part="status" class="status" role="status" aria-busy="true">${t('noteHistoryLoading')}</p>`;
  } else {
    const options = (selected: number, withNone: boolean) => html`${withNone
        ? html`<option value="0" ?selected=${selected === 0}>${t('noteNone')}</option>`
        : nothing}${revisions.map(
        (r) => html`<option value=${r.revision} ?selected=${r.revision === selected}>${t('noteRevision', { revision: r.revision })}</option>`,
      )}`;
    content = html`<ol class="revisions">
        ${revisions
          .slice()
          .reverse()
          .map(
            (r) => html`<li>
              <button
                part="button revision"
                type="button"
                aria-pressed=${r.revision === history.compareTo ? 'true' : 'false'}
                @click=${() => history.select(r.revision)}
              >
                ${t('noteRevision', { revision: r.revision })}
              </button>
              <span class="muted"
                >${t('noteRevisionBy', {
                  name: isolate(r.author.displayName),
                  time: formatRelativeTime(new Date(r.createdAt), locale, new Date(view.now)),
                })}</span
              >
            </li>`,
          )}
      </ol>
      <div class="row compare">
        <label
          >${t('noteCompareFrom')}
          <select @change=${(e: Event) => history.compare('from', Number((e.target as HTMLSelectElement).value))}>
            ${options(history.compareFrom, true)}
          </select></label
        >
        <label
          >${t('noteCompareTo')}
          <select @change=${(e: Event) => history.compare('to', Number((e.target as HTMLSelectElement).value))}>
            ${options(history.compareTo, false)}
          </select></label
        >
      </div>
      ${renderDiff(history, revisions, diff, t)}`;
  }
  return html`<section id="history" part="history" class="history" aria-labelledby="history-heading">
    <h3 id="history-heading">${t('noteHistory')}</h3>
    ${content}
  </section>`;
}

function renderDiff(
  history: NoteHistoryController,
  revisions: readonly NoteRevision[],
  diff: typeof import('./note-diff.js'),
  t: LocalizeController['t'],
): TemplateResult {
  const from = revisions.find((r) => r.revision === history.compareFrom);
  const to = revisions.find((r) => r.revision === history.compareTo);
  if (!to) return html``;
  const title = diff.wordDiff(from?.title ?? '', to.title);
  const body = diff.wordDiff(from?.body ?? '', to.body);
  const unchanged = [...title, ...body].every((p) => p.kind === 'same');
  return html`<section part="diff" class="diff" aria-labelledby="diff-heading">
    <h4 id="diff-heading">${t('noteDiffHeading', { from: from?.revision ?? 0, to: to.revision })}</h4>
    ${unchanged ? html`<p class="muted">${t('noteNoChanges')}</p>` : nothing}
    <h5>${t('noteTitleField')}</h5>
    <p class="diff-text title-diff" lang=${to.language}>${renderParts(title, t)}</p>
    <h5>${t('noteBodyField')}</h5>
    <p class="diff-text body-diff pre" lang=${to.language}>${renderParts(body, t)}</p>
  </section>`;
}

function renderParts(parts: readonly DiffPart[], t: LocalizeController['t']): TemplateResult[] {
  return parts.map((part) =>
    part.kind === 'ins'
      ? html`<ins><span class="visually-hidden">[${t('noteAdded')}] </span>${part.text}</ins>`
      : part.kind === 'del'
        ? html`<del><span class="visually-hidden">[${t('noteRemoved')}] </span>${part.text}</del>`
        : html`${part.text}`,
  );
}
