/**
 * What a poll draft and a ballot must satisfy beyond their JSON schemas:
 * the rules that depend on the mode, the options or the clock.
 */
import { randomBytes } from 'node:crypto';
import { normalizeLabel, optionLabelErrors, type PollDraft, type PollScale, type ProblemFieldError } from '@ecotone/protocol';
import type { PollRecord } from './poll-repository.js';

/** Random bytes in a poll id (base64url: 16 characters). */
const POLL_ID_BYTES = 12;

export function newPollId(): string {
  return randomBytes(POLL_ID_BYTES).toString('base64url');
}

/** Problems of a draft, each named by its field under `path` (e.g. `/body/polls/0`). */
export function draftErrors(draft: PollDraft, path: string, now: Date): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  if (draft.mode === 'scale') {
    if (draft.options !== undefined) errors.push({ path: `${path}/options`, message: 'is not allowed for a scale' });
    if (draft.scale === undefined) errors.push({ path: `${path}/scale`, message: 'is required for a scale' });
  } else {
    if (draft.options === undefined) errors.push({ path: `${path}/options`, message: 'is required' });
    if (draft.scale !== undefined) errors.push({ path: `${path}/scale`, message: 'is only allowed for a scale' });
    errors.push(...optionLabelErrors(draft.options ?? [], `${path}/options`));
  }
  if (draft.maxChoices !== undefined) {
    if (draft.mode !== 'multiple') {
      errors.push({ path: `${path}/maxChoices`, message: 'is only allowed for multiple choice' });
    } else if (draft.options && draft.maxChoices > draft.options.length) {
      errors.push({ path: `${path}/maxChoices`, message: 'must not exceed the number of options' });
    }
  }
  if (draft.closesAt !== undefined && Date.parse(draft.closesAt) <= now.getTime()) {
    errors.push({ path: `${path}/closesAt`, message: 'must be in the future' });
  }
  if (normalizeLabel(draft.question) === '') errors.push({ path: `${path}/question`, message: 'must not be blank' });
  return errors;
}

/** A scale's end labels normalised like every label; one that ends up empty is dropped. */
function scaleWithLabels({ minLabel, maxLabel, ...ends }: PollScale): PollScale {
  const min = minLabel === undefined ? '' : normalizeLabel(minLabel);
  const max = maxLabel === undefined ? '' : normalizeLabel(maxLabel);
  return { ...ends, ...(min ? { minLabel: min } : {}), ...(max ? { maxLabel: max } : {}) };
}

/** The record of a valid draft: option ids `o1`… for choices, the values for a scale. */
export function pollFromDraft(
  draft: PollDraft,
  where: { id: string; spaceId: string; postId: string | null; position: number; authorId: string; createdAt: string },
): PollRecord {
  const options =
    draft.mode === 'scale' && draft.scale
      ? Array.from({ length: draft.scale.max - draft.scale.min + 1 }, (_, i) => {
          const value = String(draft.scale!.min + i);
          return { id: value, label: value };
        })
      : (draft.options ?? []).map((label, i) => ({ id: `o${i + 1}`, label: normalizeLabel(label) }));
  return {
    ...where,
    question: normalizeLabel(draft.question),
    mode: draft.mode,
    maxChoices: draft.mode === 'multiple' ? (draft.maxChoices ?? options.length) : 1,
    ...(draft.mode === 'scale' && draft.scale ? { scale: scaleWithLabels(draft.scale) } : {}),
    anonymous: draft.anonymous ?? false,
    resultsVisibility: draft.resultsVisibility ?? 'always',
    closesAt: draft.closesAt ? new Date(draft.closesAt).toISOString() : null,
    closedAt: null,
    options,
  };
}

/** Problems of a ballot's choices, each named under `path` (e.g. `/body/choices`). */
export function ballotErrors(poll: PollRecord, choices: readonly string[], path: string): ProblemFieldError[] {
  const errors: ProblemFieldError[] = [];
  const known = new Set(poll.options.map((o) => o.id));
  const seen = new Set<string>();
  for (const [i, choice] of choices.entries()) {
    if (!known.has(choice)) {
      errors.push({
        path: `${path}/${i}`,
        message: poll.mode === 'scale' ? 'is not a value on the scale' : 'is not an option of this poll',
      });
    } else if (seen.has(choice)) {
      errors.push({ path: `${path}/${i}`, message: 'is chosen twice' });
    }
    seen.add(choice);
  }
  if (choices.length > poll.maxChoices) {
    errors.push({
      path: `${path}/${poll.maxChoices}`,
      message: poll.mode === 'multiple' ? `more than ${poll.maxChoices} choices` : 'only one choice is allowed',
    });
  }
  return errors;
}
