/**
 * A mention in a rendered body: a chip with the person's current name that
 * opens their card. Shared by every element that renders Markdown (posts,
 * comments, knowledge notes, the feed's outgoing posts).
 */
import { css, html, nothing, type TemplateResult } from 'lit';
import type { Actor } from '@ecotone/protocol';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { PersonDialogController } from '../controllers/person-dialog-controller.js';
import type { MessageKey } from '../locales/locales.js';
import { token } from '../styles/tokens.js';

/** What a body's mentions need from the element that shows it. */
export interface MentionContext {
  /** The people the body mentions, as they are now: the `mentions` of the post, comment or note. */
  readonly mentions?: readonly Actor[] | undefined;
  /** The chip's accessible name, in the element's language: "Lukas Weber, person card". */
  label(name: string, former: boolean): string;
  /** Opens the person's card as the element's names do: `eco-open-person`, then the dialog unless the page prevented it. */
  readonly personDialog: Pick<PersonDialogController, 'open'>;
}

/**
 * The mention context of an element: `mentions`, the chips' names from
 * the element's own strings (`key`, and `key` + `Former` for a former member:
 * "{{name}}, person card"), and the element's person dialog, which the chips
 * open as its author names do.
 */
export function mentionContext(
  mentions: readonly Actor[] | undefined,
  localize: Pick<LocalizeController, 't'>,
  key: 'postMention' | 'commentsMention' | 'noteMention',
  personDialog: Pick<PersonDialogController, 'open'>,
): MentionContext {
  return { mentions, label: (name, former) => localize.t((former ? `${key}Former` : key) as MessageKey, { name }), personDialog };
}

/**
 * Asks for the person's card: `eco-open-person` (bubbles out of the shadow
 * roots, cancelable: a page with its own directory calls `preventDefault()`
 * and shows its own page), then, through the element's PersonDialogController,
 * the card in a dialog that gives the focus back to the chip. Without a
 * context (a body rendered outside an element) only the event.
 */
function openPerson(event: Event, actorId: string, name: string, context: MentionContext | undefined): void {
  const chip = event.currentTarget as HTMLElement;
  if (context) context.personDialog.open(actorId, { name, trigger: chip });
  else chip.dispatchEvent(new CustomEvent('eco-open-person', { bubbles: true, composed: true, cancelable: true, detail: { actorId } }));
}

/**
 * `@Name` as a button: the person's current name from `context.mentions`
 * (muted, as a former member, when their access ended), or the name as
 * written when they are not in the list (a post still being sent, a person
 * the server no longer names).
 */
export function renderMention(actorId: string, written: string, context: MentionContext | undefined): TemplateResult {
  const person = context?.mentions?.find((actor) => actor.id === actorId);
  const name = person?.displayName ?? written;
  const former = person?.deactivated === true;
  return html`<button
    type="button"
    part="mention"
    class=${former ? 'mention former' : 'mention'}
    aria-label=${context ? context.label(name, former) : nothing}
    @click=${(event: Event) => openPerson(event, actorId, name, context)}
  >@<bdi>${name}</bdi></button>`;
}

/** Styles of the chips, for the elements that render bodies (after their button styles). */
export const mentionStyles = css`
  button.mention {
    display: inline;
    min-block-size: 0;
    padding: 0 0.3em;
    border: 0;
    border-radius: ${token('--eco-radius-pill')};
    background: ${token('--eco-color-accent-soft')};
    color: ${token('--eco-color-accent')};
    font-size: inherit;
    font-weight: 600;
  }
  button.mention:hover {
    text-decoration: underline;
  }
  button.mention.former {
    background: ${token('--eco-color-surface-raised')};
    color: ${token('--eco-color-text-muted')};
    font-weight: inherit;
    font-style: italic;
  }
`;
