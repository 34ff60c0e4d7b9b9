/** The edit form of `<eco-knowledge-note>`, with the conflict shown above it when there is one. */
import { html, nothing, type TemplateResult } from 'lit';
import type { EcotoneClient } from '@ecotone/core';
import { NOTE_MATURITIES, NOTE_TITLE_MAX_CHARS, SUPPORTED_LOCALES, type KnowledgeNote, type NoteMaturity } from '@ecotone/protocol';
import { isolate } from '../base/bidi.js';
import { languageName } from '../base/language-name.js';
import { sourcesOf, tagsOf, type Draft, type Field } from './note-draft.js';
import type { NoteEditController } from './note-edit-controller.js';
import type { MentionsController } from '../mentions/mentions-controller.js';
import { formatCalendarDate, MATURITY_KEYS, type NoteViewContext } from './note-format.js';

/** The editor's view of the element: the note views' context and the client that saves. */
export interface NoteEditViewContext extends NoteViewContext {
  client: EcotoneClient | undefined;
  /** The `@` people picker of the body. */
  mentions: MentionsController;
}

/** `aria-describedby` of a field: its hint and its error. */
function describedBy(edit: NoteEditController, field: Field, hasHint = false): string | typeof nothing {
  const ids = [hasHint ? `h-${field}` : '', edit.problems[field] ? `e-${field}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : nothing;
}

function renderField(
  edit: NoteEditController,
  view: NoteViewContext,
  field: Field,
  label: string,
  control: TemplateResult,
  hint?: string,
): TemplateResult {
  const problem = edit.problems[field];
  return html`<div part="field" class="field">
    <label for="f-${field}">${label}</label>
    ${hint ? html`<span id="h-${field}" class="hint">${hint}</span>` : nothing} ${control}
    ${problem ? html`<span id="e-${field}" part="field-error" class="field-error">${view.t(problem.key, problem.values)}</span>` : nothing}
  </div>`;
}

/** The form: every field of the note, its problems, Save and Cancel. */
export function renderNoteEditor(edit: NoteEditController, view: NoteEditViewContext): TemplateResult {
  const { t } = view;
  const draft = edit.draft!;
  const pending = edit.write.pending;
  const invalid = (field: Field) => (edit.problems[field] ? 'true' : 'false');
  const failed = edit.write.status === 'error' && !edit.conflict;
  const hasProblems = Object.keys(edit.problems).length > 0;
  const input = (field: Field) => (e: Event) => edit.input(field, (e.target as HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement).value);
  const field = (name: Field, label: string, control: TemplateResult, hint?: string) => renderField(edit, view, name, label, control, hint);
  const waitReason = edit.files?.waitReason;
  return html`${edit.conflict ? renderConflict(edit, view, edit.conflict, draft) : nothing}
    <form
      part="form"
      class="form"
      aria-label=${t('noteEditing')}
      novalidate
      @submit=${(e: Event) => {
        e.preventDefault();
        edit.submit(view.client);
      }}
    >
      ${field(
        'title',
        t('noteTitleField'),
        html`<input
          id="f-title"
          type="text"
          required
          maxlength=${NOTE_TITLE_MAX_CHARS}
          .value=${draft.title}
          aria-invalid=${invalid('title')}
          aria-describedby=${describedBy(edit, 'title')}
          ?disabled=${pending}
          @input=${input('title')}
        />`,
      )}
      ${field(
        'body',
        t('noteBodyField'),
        html`<textarea
          id="f-body"
          ${view.mentions.attach('f-body')}
          rows="8"
          .value=${draft.body}
          aria-invalid=${invalid('body')}
          aria-describedby=${describedBy(edit, 'body')}
          ?disabled=${pending}
          @input=${input('body')}
        ></textarea>
        ${view.mentions.render('f-body')}`,
      )}
      <div class="row">
        ${field(
          'language',
          t('noteLanguageField'),
          html`<select id="f-language" ?disabled=${pending} @change=${input('language')}>
            ${SUPPORTED_LOCALES.map(
              (lng) => html`<option value=${lng} ?selected=${draft.language === lng}>${languageName(lng, view.locale)}</option>`,
            )}
          </select>`,
        )}
        ${field(
          'maturity',
          t('noteMaturityField'),
          html`<select id="f-maturity" ?disabled=${pending} @change=${input('maturity')}>
            ${NOTE_MATURITIES.map((m) => html`<option value=${m} ?selected=${draft.maturity === m}>${t(MATURITY_KEYS[m])}</option>`)}
          </select>`,
        )}
        ${field(
          'reviewBy',
          t('noteReviewByField'),
          html`<input
            id="f-reviewBy"
            type="date"
            .value=${draft.reviewBy}
            ?disabled=${pending}
            @input=${input('reviewBy')}
            @change=${input('reviewBy')}
          />`,
        )}
      </div>
      ${field(
        'tags',
        t('noteTagsField'),
        html`<input
          id="f-tags"
          type="text"
          .value=${draft.tags}
          aria-invalid=${invalid('tags')}
          aria-describedby=${describedBy(edit, 'tags', true)}
          ?disabled=${pending}
          @input=${input('tags')}
        />`,
        t('noteTagsHint'),
      )}
      ${field(
        'sources',
        t('noteSourcesField'),
        html`<textarea
          id="f-sources"
          rows="3"
          .value=${draft.sources}
          aria-invalid=${invalid('sources')}
          aria-describedby=${describedBy(edit, 'sources', true)}
          ?disabled=${pending}
          @input=${input('sources')}
        ></textarea>`,
        t('noteSourcesHint'),
      )}
      ${edit.files?.render(edit)}
      ${hasProblems ? html`<p part="message" class="message" role="alert">${t('noteInvalid')}</p>` : nothing}
      ${failed
        ? html`<p part="message" class="message" role="alert" tabindex="-1">
            ${t('noteSaveError', { reason: view.errorText(edit.write.error) })}
          </p>`
        : nothing}
      <div part="actions" class="actions">
        <button
          part="button save"
          class="primary"
          type="submit"
          ?disabled=${pending || !!waitReason}
          aria-disabled=${pending ? 'true' : 'false'}
          aria-describedby=${waitReason ? 'w-save' : nothing}
        >
          ${pending ? t('noteSaving') : t('noteSave')}
        </button>
        <button part="button cancel" type="button" ?disabled=${pending} @click=${() => edit.cancel()}>${t('noteCancel')}</button>
      </div>
      ${pending ? html`<p part="status" class="visually-hidden" role="status">${t('noteSaving')}</p>` : nothing}
    </form>`;
}

function renderVersion(
  view: NoteViewContext,
  heading: string,
  id: string,
  version: { title: string; body: string; language: string; tags: readonly string[]; sources: readonly string[]; maturity: NoteMaturity; reviewBy: string | null },
): TemplateResult {
  const { t, locale } = view;
  const none = t('noteNone');
  return html`<section part="version" class="version" aria-labelledby=${id}>
    <h3 id=${id}>${heading}</h3>
    <dl>
      <dt>${t('noteTitleField')}</dt>
      <dd lang=${version.language} dir="auto">${version.title}</dd>
      <dt>${t('noteBodyField')}</dt>
      <dd class="pre" lang=${version.language}>${version.body || none}</dd>
      <dt>${t('noteLanguageField')}</dt>
      <dd>${languageName(version.language, locale)}</dd>
      <dt>${t('noteMaturityField')}</dt>
      <dd>${t(MATURITY_KEYS[version.maturity])}</dd>
      <dt>${t('noteReviewByField')}</dt>
      <dd>${version.reviewBy ? formatCalendarDate(version.reviewBy, locale) : none}</dd>
      <dt>${t('noteTagsField')}</dt>
      <dd>${version.tags.length ? version.tags.join(', ') : none}</dd>
      <dt>${t('noteSourcesField')}</dt>
      <dd class="pre">${version.sources.length ? version.sources.join('\n') : none}</dd>
    </dl>
  </section>`;
}

/** Their version beside the draft, with Keep mine and Take theirs. */
function renderConflict(edit: NoteEditController, view: NoteEditViewContext, theirs: KnowledgeNote, draft: Draft): TemplateResult {
  const { t } = view;
  const pending = edit.write.pending;
  return html`<section part="conflict" class="conflict" tabindex="-1" aria-labelledby="conflict-title">
    <div part="message" class="message" role="alert">
      <p id="conflict-title"><strong>${t('noteConflict')}</strong></p>
      <p>${t('noteConflictHelp')}</p>
    </div>
    <div class="versions">
      ${renderVersion(view, t('noteTheirs', { revision: theirs.revision, name: isolate(theirs.updatedBy.displayName) }), 'theirs-heading', {
        ...theirs,
        sources: theirs.sources.map((s) => s.url),
      })}
      ${renderVersion(view, t('noteYours'), 'yours-heading', {
        title: draft.title.trim(),
        body: draft.body,
        language: draft.language,
        tags: tagsOf(draft),
        sources: sourcesOf(draft),
        maturity: draft.maturity,
        reviewBy: draft.reviewBy || null,
      })}
    </div>
    <div part="actions" class="actions">
      <button part="button keep-mine" class="primary" type="button" ?disabled=${pending} @click=${() => edit.keepMine(view.client)}>
        ${t('noteKeepMine')}
      </button>
      <button part="button take-theirs" type="button" ?disabled=${pending} @click=${() => edit.takeTheirs()}>${t('noteTakeTheirs')}</button>
    </div>
  </section>`;
}
