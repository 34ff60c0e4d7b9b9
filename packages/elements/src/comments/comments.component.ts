import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { canUpload, formatRelativeTime, type CommentsState, type EcotoneClient } from '@ecotone/core';
import { ALL_CAPABILITIES, type Comment, type Post, type SpaceCapabilities } from '@ecotone/protocol';
import { EcoElement } from '../base/eco-element.js';
import { withBdi } from '../base/bidi.js';
import { ObservableController } from '../controllers/observable-controller.js';
import { FocusController } from '../controllers/focus-controller.js';
import { LazyModuleController } from '../controllers/lazy-module-controller.js';
import { PersonDialogController } from '../controllers/person-dialog-controller.js';
import { EcoLikeButton } from '../like-button/like-button.component.js';
import { renderBody, updateAfterMarkdown } from '../post/markdown-template.js';
import { commentsStrings } from '../locales/comments-strings.js';
import { attachStrings } from '../locales/attach-strings.js';
import { FileAttachController } from '../composer/file-attach-controller.js';
import { mentionContext } from '../mentions/mention-chip.js';
import type { EcoErrorAction } from '../events/eco-error.js';
import styles from './comments.styles.js';
import { classificationLabel, inPost } from '../base/classification.js';
import { WritesController, refusalOf } from '../controllers/writes-controller.js';
import { MentionsController } from '../mentions/mentions-controller.js';

/** Where a message about a refused write shows: the new-comment box, a reply box (`reply:<id>`) or a comment (its id). */
type Slot = string;
const NEW = 'new';
/** The box of files of the open reply (one at a time, like its draft). */
const REPLY = 'reply';
/** The files of comments: a gallery, videos, documents (loaded with the first comment that has any). */
const importAttachments = () => import('../attachments/attachments.js');

/**
 * @tag eco-comments
 *
 * @summary The comments of a post, live: oldest first with one level of
 * replies, Markdown bodies, likes, and edit and delete for their author.
 * Mentions show as person chips; typing `@` and a name in a box opens a
 * people picker (people who can read the post's space).
 * People who may comment attach files to a new comment or a reply with
 * "Attach files", by dropping them on its box or pasting them into its text;
 * each uploads at once (the list of files loads with the first), and the
 * button that sends waits until they are uploaded.
 *
 * @dependency eco-like-button
 *
 * @csspart saved-copy - Says that the comments shown are the copy saved on the device, being updated or not updated (offline-capable clients).
 * @csspart base - The `<section>`.
 * @csspart classification - The space's classification label, a badge above the thread, when the comments are shown on their own (`<eco-classification>`; a server with labels, a space the caller belongs to; under a post, the post shows it). Also `classification-<label id>`.
 * @csspart list - The list of top-level comments.
 * @csspart comment - One comment (`<article>`; `aria-busy` while it is being sent, edited or deleted).
 * @csspart replies - The list of replies under a top-level comment.
 * @csspart byline - Author, time and "edited".
 * @csspart author - An author's name: a button that opens their card (`eco-open-person`, then a dialog unless prevented).
 * @csspart former-member - "former member" after the name of an author whose access has ended.
 * @csspart body - A comment's rendered Markdown (its `lang` is the comment's locale).
 * @csspart mention - A mention in a comment: a button `@Name` with the person's current name (class `former` when their access ended) that opens their card (`eco-open-person`, then a dialog unless prevented).
 * @csspart deleted - The placeholder of a deleted comment that has replies.
 * @csspart pending - "Sending…" on a comment not yet confirmed.
 * @csspart actions - Like, Reply, Edit and Delete of a comment.
 * @csspart form - The new-comment, reply and edit boxes.
 * @csspart closed - Says, instead of the new-comment box, that comments are switched off in the post's space (its owners' choice; the thread stays readable).
 * @csspart textarea - Their `<textarea>`.
 * @csspart error - Messages about a refused write or a failed load.
 * @csspart load-more - The "Load more comments" button.
 * @csspart mention-list - The `@` people picker's listbox, under the text box while someone is being mentioned.
 * @csspart mention-option - A person in it (name, then title and site); `aria-selected="true"` on the one the arrow keys chose.
 * @csspart attach - The "Attach files" button of the new-comment and reply boxes (shown to people who may comment, where the client can upload).
 * @csspart attachments - The list of files attached to the comment being written (loaded on the first file); under a comment, its `<eco-attachments>`.
 * @csspart attachment - One file being attached: thumbnail (images), name, kind, size, progress while uploading, Cancel / Remove / Retry.
 * @csspart upload-error - Why a file could not be uploaded.
 * @csspart alt - The description of an image or a video, asked of the author.
 * @csspart drop - Shown in a box while files are dragged over it.
 * @csspart refused - A comment on this post the server refused after it had waited offline (a reload since), with Edit and Discard.
 *
 * @cssproperty --eco-comments-border-color - Separators, reply rule, boxes.
 * @cssproperty --eco-comments-muted-color - Secondary text.
 * @cssproperty --eco-comments-link-color - Links in comments.
 * @cssproperty --eco-comments-button-background - Send button background.
 * @cssproperty --eco-comments-button-color - Send button text.
 * @cssproperty --eco-comments-error-color - Error text.
 * @cssproperty --eco-comments-error-background - Error background.
 * @cssproperty --eco-comments-code-background - Background of code in comments.
 *
 * @event {EcoCommentEvent} eco-comment - The caller's comment was added, edited or deleted (`detail.action`, `detail.comment`).
 * @event {EcoErrorEvent} eco-error - A write was refused (`comment`, `edit-comment`, `delete-comment`) or a page failed (`load`, `load-more`); the element shows a message.
 * @event {EcoReactionChangeEvent} eco-reaction-change - From the like buttons of comments.
 * @event {EcoOpenPersonEvent} eco-open-person - An author's name or a mention was activated: `{ actorId }`; cancelable (then no card dialog opens).
 */
export class EcoComments extends EcoElement {
  static override styles = styles;
  static strings = [commentsStrings, attachStrings];
  static dependencies = { 'eco-like-button': EcoLikeButton };

  /** The post whose comments to show: its id (attribute `post`), or the post itself. */
  @property({ attribute: 'post' }) post?: string | Post;

  /** The new-comment draft. */
  @state() private draft = '';

  /** Writes in the outbox: comments on this post the server refused after a reload show here, with their text. */
  private readonly writes = new WritesController(this, () => this.resolvedClient);
  /** The top-level comment whose reply box is open, and that box's draft. */
  @state() private replyTo: string | undefined;
  @state() private replyDraft = '';
  /** The comment being edited, and the edit's draft. */
  @state() private editing: string | undefined;
  @state() private editDraft = '';
  /** The comment whose deletion asks for confirmation. */
  @state() private confirming: string | undefined;
  /** Messages about refused writes, by where they show. */
  @state() private failures: Readonly<Record<Slot, string>> = {};
  @state() private now = Date.now();

  /** The post's space once known, when the caller may comment there and the client can upload: files may be attached, into it. */
  @state() private attachSpace: string | undefined;
  private attachFor: readonly [EcotoneClient, string] | undefined;
  /** The post's space once known (from the post, its comments, or fetched). */
  @state() private space: string | undefined;

  /** What the post's space offers, live: with comments off the thread stays readable, with no box and no Reply. */
  private readonly capabilities = new ObservableController<SpaceCapabilities, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.space] as const,
    ([client, space]) => (client && space ? client.spaceCapabilities$(space) : undefined),
  );

  private readonly classification = classificationLabel(this, () => this.resolvedClient);

  /** Everything until the space says otherwise (the server refuses what it does not offer anyway). */
  private get offers(): SpaceCapabilities {
    return this.capabilities.value ?? ALL_CAPABILITIES;
  }

  /** "Attach files", dropping and pasting in the new-comment and reply boxes, and their files (composer-uploads.ts, loaded on the first). */
  private readonly attach = new FileAttachController(this, {
    attachable: () => !!this.attachSpace,
    uploadsHost: (box) => ({
      client: () => this.resolvedClient,
      space: () => this.attachSpace ?? '',
      locale: () => this.locale,
      t: (key, values) => this.localize.t(key, values),
      errorText: (error) => this.errorText(error),
      focusAttach: () => this.focusing.focusAfterRender(`[data-attach="${box}"]`),
      wording: 'comment',
    }),
  });

  /** Focus follows what each action opens, closes or removes. */
  private readonly focusing = new FocusController(this);
  /** A person's card, opened from an author's name or a mention chip (emits eco-open-person). */
  private readonly personDialog = new PersonDialogController(this);
  private readonly thread = new ObservableController<CommentsState, readonly [EcotoneClient | undefined, string | undefined]>(
    this,
    () => [this.resolvedClient, this.postId] as const,
    ([client, postId]) => (client && postId ? client.comments$(postId) : undefined),
  );

  /** `<eco-attachments>`, with the first comment that has files. */
  private readonly attachmentsModule = new LazyModuleController(this, importAttachments, (error) => this.emit('eco-error', { action: 'load', error }));

  /** The first update waits for the Markdown parser (see updateAfterMarkdown). */
  protected override scheduleUpdate(): void | Promise<unknown> {
    return updateAfterMarkdown(this, () => super.scheduleUpdate());
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    if (this.thread.value?.items.some((c) => c.attachments?.length && !c.deleted)) void this.attachmentsModule.load();
    this.checkAttach();
  }

  /**
   * Finds out, once per client and post, the post's space and whether the
   * caller may comment there (whoever may publish in a space may comment),
   * after the thread loaded: its comments usually say the space. Best effort:
   * when it cannot be known, no button shows, and the server still decides.
   */
  private checkAttach(): void {
    const client = this.resolvedClient;
    const postId = this.postId;
    const thread = this.thread.value;
    if (!client || !postId || !thread || thread.status === 'loading') return;
    if (this.attachFor?.[0] === client && this.attachFor[1] === postId) return;
    const key = [client, postId] as const;
    // Another post: files chosen for the last one are forgotten.
    for (const list of this.attach.lists.values()) list.clear();
    this.attach.lists.clear();
    this.attachFor = key;
    this.attachSpace = undefined;
    this.space = undefined;
    this.spaceOfPost(client, postId)
      .then(async (spaceId) => {
        if (this.attachFor !== key) return;
        this.space = spaceId;
        if (!canUpload(client)) return;
        const spaces = await client.spaces();
        if (this.attachFor === key && spaces.find((s) => s.id === spaceId)?.canPublish) this.attachSpace = spaceId;
      })
      .catch(() => undefined);
  }

  /** The `@` people picker of the new-comment, reply and edit boxes: people who can read the post's space. */
  private readonly mentions = new MentionsController(this, {
    search: () => {
      const client = this.resolvedClient;
      const postId = this.postId;
      if (!client || !postId) return undefined;
      return (q, signal) => this.spaceOfPost(client, postId).then((spaceId) => client.searchPeople(q, { spaceId, signal }));
    },
    client: () => this.resolvedClient,
    locale: () => this.locale,
    t: (key, values) => this.localize.t(key, values),
    errorText: (error) => this.errorText(error),
  });

  /** The space of the post: from the post given, its comments, else the post itself (from the store, or fetched). */
  private spaceOfPost(client: EcotoneClient, postId: string): Promise<string> {
    const known = typeof this.post === 'object' ? this.post.spaceId : this.thread.value?.items[0]?.spaceId;
    if (known) return Promise.resolve(known);
    return new Promise((resolve, reject) => {
      const subscription = client.post$(postId).subscribe({
        next: (post) => {
          if (!post) return;
          resolve(post.spaceId);
          queueMicrotask(() => subscription.unsubscribe());
        },
        error: reject,
      });
    });
  }

  private get postId(): string | undefined {
    return typeof this.post === 'string' ? this.post || undefined : this.post?.id;
  }

  /** Moves focus to the new-comment box. */
  override focus(options?: FocusOptions): void {
    this.renderRoot.querySelector<HTMLTextAreaElement>(`#c-${NEW}`)?.focus(options);
  }

  private fail(slot: Slot, key: 'commentFailed' | 'editFailed' | 'deleteFailed', action: EcoErrorAction, error: unknown): void {
    this.failures = { ...this.failures, [slot]: this.localize.t(key, { reason: this.errorText(error) }) };
    this.emit('eco-error', { action, error: error as Error });
  }

  private clear(slot: Slot): void {
    if (!(slot in this.failures)) return;
    const { [slot]: _gone, ...rest } = this.failures;
    this.failures = rest;
  }

  /** Sends the new comment (no `parentId`) or the open reply; the draft comes back with a message on refusal. */
  private async send(parentId?: string): Promise<void> {
    const client = this.resolvedClient;
    const postId = this.postId;
    const slot = parentId ? `reply:${parentId}` : NEW;
    const body = (parentId ? this.replyDraft : this.draft).trim();
    const box = parentId ? REPLY : NEW;
    const files = this.attach.lists.get(box);
    if (!client || !postId || !body || this.attach.waitReason(box)) return;
    this.clear(slot);
    // The files go with the comment: the box is empty at once, and gets them back if the comment is refused.
    const attachments = files?.attachments();
    this.attach.lists.delete(box);
    if (parentId) {
      this.replyDraft = '';
      this.replyTo = undefined;
    } else this.draft = '';
    try {
      const comment = await client.comment(postId, {
        body,
        ...(parentId ? { parentId } : {}),
        locale: this.locale as Comment['locale'],
        ...(attachments?.length ? { attachments } : {}),
      });
      files?.clear();
      this.now = Date.now();
      this.emit('eco-comment', { action: 'create', comment });
    } catch (error) {
      if (parentId) {
        this.replyTo = parentId;
        this.replyDraft = body;
      } else this.draft = body;
      // Unless files were added to the box meanwhile (then these are forgotten).
      if (this.attach.lists.has(box)) files?.clear();
      else if (files) this.attach.lists.set(box, files);
      this.fail(slot, 'commentFailed', 'comment', error);
    }
  }

  private async saveEdit(comment: Comment): Promise<void> {
    const client = this.resolvedClient;
    const body = this.editDraft.trim();
    if (!client || !body) return;
    this.clear(comment.id);
    this.editing = undefined;
    try {
      const saved = await client.editComment(comment.id, body);
      this.emit('eco-comment', { action: 'edit', comment: saved });
    } catch (error) {
      this.editing = comment.id;
      this.editDraft = body;
      this.fail(comment.id, 'editFailed', 'edit-comment', error);
    }
  }

  private async deleteComment(comment: Comment): Promise<void> {
    const client = this.resolvedClient;
    if (!client) return;
    this.confirming = undefined;
    this.clear(comment.id);
    try {
      await client.deleteComment(comment.id);
      this.emit('eco-comment', { action: 'delete', comment });
      this.focus();
    } catch (error) {
      this.fail(comment.id, 'deleteFailed', 'delete-comment', error);
    }
  }

  private handleKeydown(event: KeyboardEvent, submit: () => void, cancel?: () => void): void {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    } else if (event.key === 'Escape' && cancel) {
      event.preventDefault();
      cancel();
    }
  }

  /** A labelled box: new comment, reply, or edit. */
  private renderBox(opts: {
    id: string;
    label: string | TemplateResult;
    value: string;
    submitLabel: string;
    onInput: (value: string) => void;
    onSubmit: () => void;
    onCancel?: () => void;
    failure?: string;
    /** The box's files (new comment, reply); an edit takes none. */
    files?: string;
  }): TemplateResult {
    const { id, label, value, submitLabel, onInput, onSubmit, onCancel, failure, files } = opts;
    const attachable = files && this.attachSpace && this.offers.attachments;
    const uploads = files ? this.attach.lists.get(files) : undefined;
    const waitReason = files ? this.attach.waitReason(files) : undefined;
    const drag = attachable ? (e: DragEvent) => this.attach.handleDrag(files, e) : undefined;
    const dropping = attachable && this.attach.dropping === files;
    return html`<form
      part="form"
      class=${dropping ? 'dropping' : ''}
      @submit=${(e: Event) => {
        e.preventDefault();
        onSubmit();
      }}
      @dragover=${drag}
      @dragleave=${drag}
      @drop=${drag}
    >
      ${dropping ? html`<p part="drop" class="hint">${this.localize.t('dropFiles')}</p>` : nothing}
      <label for="c-${id}">${label}</label>
      <textarea
        part="textarea"
        id="c-${id}"
        ${this.mentions.attach(id)}
        aria-describedby="h-${id}${failure ? ` e-${id}` : ''}"
        .value=${value}
        @input=${(e: Event) => onInput((e.target as HTMLTextAreaElement).value)}
        @keydown=${(e: KeyboardEvent) => this.handleKeydown(e, onSubmit, onCancel)}
        @paste=${(e: ClipboardEvent) => files && this.attach.handlePaste(files, e)}
      ></textarea>
      ${this.mentions.render(id)}
      <span class="hint" id="h-${id}">${this.localize.t('commentHint')}</span>
      ${uploads?.render(false)}
      ${attachable && this.attach.module.error ? html`<p part="error" class="error" role="alert">${this.errorText(this.attach.module.error)}</p>` : nothing}
      ${failure ? html`<p part="error" class="error" id="e-${id}" role="alert">${failure}</p>` : nothing}
      <div class="actions">
        <button class="primary" type="submit" aria-describedby=${waitReason ? `w-${id}` : nothing} ?disabled=${!value.trim() || !!waitReason}>
          ${submitLabel}
        </button>
        ${attachable
          ? this.attach.renderButton(files, this.localize.t('attachFiles'), false, `f-${id}`)
          : nothing}
        ${onCancel ? html`<button type="button" @click=${onCancel}>${this.localize.t('cancel')}</button>` : nothing}
      </div>
      ${waitReason ? html`<p class="hint" id="w-${id}">${this.localize.t(waitReason)}</p>` : nothing}
    </form>`;
  }

  private renderComment(comment: Comment, state: CommentsState, replies: readonly Comment[]): TemplateResult {
    const pending = state.pending.has(comment.id);
    const sending = pending && comment.id.startsWith('pending-');
    const created = new Date(comment.createdAt);
    const isReply = comment.parentId !== null;
    const label = this.localize.t(isReply ? 'replyLabel' : 'commentLabel', { author: comment.author.displayName });
    const failure = this.failures[comment.id];
    const cancelEdit = () => {
      this.editing = undefined;
      this.focusing.focusAfterRender(`[data-edit="${comment.id}"]`);
    };
    return html`<li>
      <article part="comment" class="comment" aria-label=${label} aria-busy=${pending ? 'true' : 'false'}>
        <div part="byline" class="byline">
          <button part="author" class="author person-link" type="button" dir="auto" @click=${(e: Event) => this.personDialog.open(comment.author.id, { name: comment.author.displayName, trigger: e.currentTarget as HTMLElement })}>${comment.author.displayName}</button>${comment.author.deactivated
            ? html` · <span part="former-member">${this.localize.t('commentsFormerMember')}</span>`
            : nothing}
          · <time datetime=${comment.createdAt}>${formatRelativeTime(created, this.locale, new Date(Math.max(this.now, Date.now())))}</time>
          ${comment.editedAt && !comment.deleted ? html` · ${this.localize.t('commentEdited')}` : nothing}
          ${sending ? html` · <span part="pending" class="pending">${this.localize.t('commentSending')}</span>` : nothing}
        </div>
        ${comment.deleted
          ? html`<p part="deleted" class="deleted">${this.localize.t('commentDeleted')}</p>`
          : this.editing === comment.id
            ? this.renderBox({
                id: `edit-${comment.id}`,
                label: this.localize.t('editLabel'),
                value: this.editDraft,
                submitLabel: this.localize.t('save'),
                onInput: (v) => (this.editDraft = v),
                onSubmit: () => void this.saveEdit(comment),
                onCancel: cancelEdit,
                failure,
              })
            : html`<div part="body" class="body" lang=${comment.locale}>${renderBody(comment.body, mentionContext(comment.mentions, this.localize, 'commentsMention', this.personDialog))}</div>
                ${comment.attachments?.length && !comment.deleted && this.attachmentsModule.ready
                  ? html`<eco-attachments part="attachments" exportparts="gallery, image, video, play, file" .client=${this.resolvedClient} .attachments=${comment.attachments}></eco-attachments>`
                  : nothing}`}
        ${comment.deleted || sending || this.editing === comment.id ? nothing : this.renderActions(comment, isReply, failure)}
      </article>
      ${isReply
        ? nothing
        : html`${replies.length
            ? html`<ol part="replies" class="replies">${replies.map((r) => this.renderComment(r, state, []))}</ol>`
            : nothing}
          ${this.replyTo === comment.id && this.offers.comments
            ? html`<div class="replies">
                ${this.renderBox({
                  id: `reply-${comment.id}`,
                  label: withBdi((author) => this.localize.t('newReply', { author }), comment.author.displayName),
                  value: this.replyDraft,
                  submitLabel: this.localize.t('replySend'),
                  onInput: (v) => (this.replyDraft = v),
                  onSubmit: () => void this.send(comment.id),
                  files: REPLY,
                  onCancel: () => {
                    this.replyTo = undefined;
                    this.focusing.focusAfterRender(`[data-reply="${comment.id}"]`);
                  },
                  failure: this.failures[`reply:${comment.id}`],
                })}
              </div>`
            : nothing}`}
    </li>`;
  }

  private renderActions(comment: Comment, isReply: boolean, failure: string | undefined): TemplateResult {
    const id = comment.id;
    return html`<div part="actions" class="actions">
        ${this.offers.reactions && (this.offers.reactionKinds?.includes('like') ?? true)
          ? html`<eco-like-button .client=${this.resolvedClient} object=${id} kind="like"></eco-like-button>`
          : nothing}
        ${isReply || !this.offers.comments
          ? nothing
          : html`<button
              type="button"
              data-reply=${id}
              aria-expanded=${this.replyTo === id ? 'true' : 'false'}
              @click=${() => {
                this.replyTo = this.replyTo === id ? undefined : id;
                if (this.replyTo) this.focusing.focusAfterRender(`#c-reply-${id}`);
              }}
            >
              ${this.localize.t('reply')}
            </button>`}
        ${comment.canEdit
          ? html`<button
              type="button"
              data-edit=${id}
              @click=${() => {
                this.editing = id;
                this.editDraft = comment.body;
                this.confirming = undefined;
                this.focusing.focusAfterRender(`#c-edit-${id}`);
              }}
            >
              ${this.localize.t('edit')}
            </button>`
          : nothing}
        ${comment.canDelete && this.confirming !== id
          ? html`<button
              type="button"
              data-delete=${id}
              @click=${() => {
                this.confirming = id;
                this.focusing.focusAfterRender(`[data-confirm="${id}"]`);
              }}
            >
              ${this.localize.t('delete')}
            </button>`
          : nothing}
      </div>
      ${this.confirming === id
        ? html`<div class="actions" role="group" aria-label=${this.localize.t('deleteConfirm')}>
            <span>${this.localize.t('deleteConfirm')}</span>
            <button type="button" class="primary" data-confirm=${id} @click=${() => void this.deleteComment(comment)}>
              ${this.localize.t('deleteYes')}
            </button>
            <button
              type="button"
              @click=${() => {
                this.confirming = undefined;
                this.focusing.focusAfterRender(`[data-delete="${id}"]`);
              }}
            >
              ${this.localize.t('cancel')}
            </button>
          </div>`
        : nothing}
      ${failure && this.editing !== id ? html`<p part="error" class="error" role="alert">${failure}</p>` : nothing}`;
  }

  private renderList(state: CommentsState) {
    if (state.status === 'loading') {
      return html`<p class="status" role="status">${this.localize.t('commentsLoading')}</p>`;
    }
    if (state.status === 'error') {
      return html`<p part="error" class="error" role="alert">
        ${this.localize.t('commentsError', { reason: this.errorText(state.error) })}
        <button type="button" @click=${() => void this.refresh()}>${this.localize.t('commentsRetry')}</button>
      </p>`;
    }
    const top = state.items.filter((c) => c.parentId === null);
    // The saved copy says so, politely; the line empties when fresh comments replace it.
    const saved = state.fromCache;
    const savedCopy = html`<p part="saved-copy" class="saved-copy" role="status">${saved
      ? this.localize.t(saved === 'revalidating' ? 'commentsSavedUpdating' : saved === 'offline' ? 'commentsSavedOffline' : 'commentsSavedFailed')
      : nothing}</p>`;
    if (top.length === 0) return html`${savedCopy}<p class="status">${this.localize.t('commentsEmpty')}</p>`;
    const replies = new Map<string, Comment[]>();
    for (const c of state.items) if (c.parentId !== null) replies.set(c.parentId, [...(replies.get(c.parentId) ?? []), c]);
    return html`${savedCopy}<ol part="list">
        ${top.map((c) => this.renderComment(c, state, replies.get(c.id) ?? []))}
      </ol>
      ${state.hasMore
        ? html`<button part="load-more" type="button" ?disabled=${state.loadingMore} @click=${() => void this.loadMore()}>
            ${this.localize.t(state.loadingMore ? 'commentsLoadingMore' : 'commentsMore')}
          </button>`
        : nothing}
      ${state.error && !saved ? html`<p part="error" class="error" role="alert">${this.errorText(state.error)}</p>` : nothing}`;
  }

  private refresh(): Promise<void> | undefined {
    const postId = this.postId;
    return postId ? this.resolvedClient?.comments(postId).refresh() : undefined;
  }

  private loadMore(): Promise<void> | undefined {
    const postId = this.postId;
    return postId ? this.resolvedClient?.comments(postId).loadMore() : undefined;
  }

  override render() {
    const state = this.thread.value;
    return html`<section part="base" role=${this.sectionRole ?? nothing} aria-label=${this.localize.t('commentsLabel')} aria-busy=${state?.status === 'ready' ? 'false' : 'true'}>
      ${this.space && !inPost(this) ? this.classification(this.space, true) : nothing}
      ${state ? this.renderList(state) : html`<p class="status" role="status">${this.localize.t('commentsLoading')}</p>`}
      ${this.offers.comments
        ? this.renderBox({
            id: NEW,
            label: this.localize.t('newComment'),
            value: this.draft,
            submitLabel: this.localize.t('commentSend'),
            onInput: (v) => (this.draft = v),
            onSubmit: () => void this.send(),
            failure: this.failures[NEW],
            files: NEW,
          })
        : html`<p part="closed" class="status">${this.localize.t('commentsOff')}</p>`}
      ${this.renderRefused()}
    </section>`;
  }

  /** New comments on this post refused after they waited: Edit puts the text back in the box, Discard forgets it. */
  private renderRefused() {
    const refused = this.writes.of('comment', this.postId, (e) => e.status === 'failed' && e.request.method === 'POST');
    return refused.map((entry) => {
      const text = (entry.request.body as { body?: string } | undefined)?.body ?? '';
      const reason = this.errorText(refusalOf(entry));
      return html`<div part="refused" class="error" role="alert">
        <p>${this.localize.t('commentRefused', { reason })}</p>
        <blockquote>${text}</blockquote>
        <div class="actions">
          <button
            type="button"
            @click=${() => {
              this.draft = this.draft.trim() ? `${this.draft}\n\n${text}` : text;
              void this.resolvedClient?.discardWrite(entry.id);
            }}
          >
            ${this.localize.t('commentRefusedEdit')}
          </button>
          <button type="button" @click=${() => void this.resolvedClient?.discardWrite(entry.id)}>${this.localize.t('commentRefusedDiscard')}</button>
        </div>
      </div>`;
    });
  }
}
