import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { conflictCurrent, type EcotoneClient, type EcotoneError } from '@ecotone/core';
import type { KnowledgeNote } from '@ecotone/protocol';
import { AsyncStatusController } from '../controllers/async-status-controller.js';
import type { FocusTarget } from '../controllers/focus-controller.js';
import { changesFrom, draftOf, draftProblems, rebase, type Draft, type Field, type FieldProblems } from './note-draft.js';
import type { NoteFiles } from './note-files.js';

/** What the edit needs from the element around it. */
export interface NoteEditHooks {
  /** Moves focus once the next render is done. */
  focusAfterRender(target: FocusTarget): void;
  /** The server accepted an edit. */
  saved(note: KnowledgeNote): void;
  /** The server refused an edit for another reason than a conflict. */
  failed(error: EcotoneError): void;
}

/**
 * The edit of a knowledge note: the draft, its problems, the save with the
 * revision the edit started from, and the conflict when someone else saved
 * meanwhile (the draft kept, rebased on theirs, both shown). The host renders
 * it (note-edit-view.ts) and re-renders at each change.
 */
export class NoteEditController implements ReactiveController {
  /** The note the edit started from, while editing. */
  base: KnowledgeNote | undefined;
  draft: Draft | undefined;
  problems: FieldProblems = {};
  /** The server's current note after a stale save: theirs, shown beside the draft. */
  conflict: KnowledgeNote | undefined;
  /** A newer note than the live one may know yet (the answer to a save, or theirs after Take theirs). */
  latest: KnowledgeNote | undefined;
  /** "Saved" shows after a save, until the next edit. */
  savedNotice = false;
  /** The edit's files (note-files.ts), set by the element once their module, loaded when the editor opens, has arrived. */
  files: NoteFiles | undefined;
  readonly write: AsyncStatusController<KnowledgeNote>;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly hooks: NoteEditHooks,
  ) {
    host.addController(this);
    this.write = new AsyncStatusController<KnowledgeNote>(host);
  }

  /** Whether the edit form is open. */
  get editing(): boolean {
    return this.draft !== undefined;
  }

  hostConnected(): void {}

  /** Opens the form on `note`. */
  edit(note: KnowledgeNote): void {
    this.files?.reset();
    this.base = note;
    this.draft = draftOf(note);
    this.problems = {};
    this.conflict = undefined;
    this.savedNotice = false;
    this.write.reset();
    this.hooks.focusAfterRender('#f-title');
  }

  /** Closes the form, draft discarded. */
  cancel(): void {
    this.close();
    this.write.reset();
    this.hooks.focusAfterRender('[part~="edit"]');
  }

  /** Everything forgotten (another note is shown). */
  reset(): void {
    this.close();
    this.latest = undefined;
    this.savedNotice = false;
    this.write.reset();
  }

  /** A field typed into: its problem is forgotten until the next save. */
  input(field: Field, value: string): void {
    if (!this.draft) return;
    this.draft = { ...this.draft, [field]: value };
    if (this.problems[field]) {
      const { [field]: _gone, ...rest } = this.problems;
      this.problems = rest;
    }
    this.host.requestUpdate();
  }

  /** Save: over the note the edit started from, or over theirs after a conflict. */
  submit(client: EcotoneClient | undefined): void {
    const reference = this.conflict ?? this.base;
    if (reference) void this.save(client, reference);
  }

  /** Keep mine: the draft saved again over their revision. */
  keepMine(client: EcotoneClient | undefined): void {
    if (this.conflict) void this.save(client, this.conflict);
  }

  /** Take theirs: the draft is discarded and their version shown. */
  takeTheirs(): void {
    const theirs = this.conflict;
    this.cancel();
    if (theirs && (!this.latest || theirs.revision > this.latest.revision)) this.latest = theirs;
  }

  /**
   * Saves the draft over `reference`, sending only the fields it changes;
   * resolves true when the server accepted it.
   */
  async save(client: EcotoneClient | undefined, reference: KnowledgeNote): Promise<boolean> {
    const draft = this.draft;
    // Save waits for the files (the form says why): the note goes with all of them or not yet.
    if (!client || !draft || this.write.pending || this.files?.waitReason) return false;
    const problems = draftProblems(draft);
    this.problems = problems;
    this.host.requestUpdate();
    const firstInvalid = (Object.keys(problems) as Field[])[0];
    if (firstInvalid) {
      this.hooks.focusAfterRender(`#f-${firstInvalid}`);
      return false;
    }
    const changes = { ...changesFrom(draft, reference), ...this.files?.changes(reference) };
    if (Object.keys(changes).length === 0 && !this.conflict) {
      this.cancel();
      return true;
    }
    const result = await this.write.run(() => client.saveNote(reference.id, { baseRevision: reference.revision, ...changes }));
    if (!result) return false;
    if (!result.ok) {
      const theirs = conflictCurrent(result.error);
      if (theirs) {
        // Nothing is lost: the fields the person changed stay as typed, the
        // others take their value, and their whole version is shown beside it.
        // The files stay too (the server attached none): Keep mine sends them again.
        this.draft = rebase(draft, reference, theirs);
        this.base = theirs;
        this.conflict = theirs;
        this.hooks.focusAfterRender('[part~="conflict"]');
      } else {
        this.hooks.failed(result.error);
        this.hooks.focusAfterRender('[part~="message"]');
      }
      return false;
    }
    this.latest = result.value;
    this.close();
    this.savedNotice = true;
    this.hooks.focusAfterRender('[part~="edit"]');
    this.hooks.saved(result.value);
    return true;
  }

  private close(): void {
    this.files?.reset();
    this.draft = undefined;
    this.base = undefined;
    this.conflict = undefined;
    this.problems = {};
    this.host.requestUpdate();
  }
}
