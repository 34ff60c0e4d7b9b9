/** Formatting shared by the views of `<eco-knowledge-note>`. */
import type { Actor, NoteMaturity } from '@ecotone/protocol';
import type { LocalizeController } from '../controllers/localize-controller.js';
import type { MessageKey } from '../locales/locales.js';

/** What the views of a note need from the element: its strings, locale, clock and error sentences. */
export interface NoteViewContext {
  t: LocalizeController['t'];
  locale: string;
  /** The element's clock, in milliseconds since the epoch. */
  now: number;
  errorText(error: unknown): string;
  /** Opens a person's card (the note's owner), from the name that was activated. */
  openPerson?(person: Actor, trigger: HTMLElement): void;
}

export const MATURITY_KEYS: Readonly<Record<NoteMaturity, MessageKey>> = {
  draft: 'noteMaturityDraft',
  reviewed: 'noteMaturityReviewed',
  reference: 'noteMaturityReference',
  obsolete: 'noteMaturityObsolete',
};

/** A day as `YYYY-MM-DD` in the reader's time zone. */
export function localDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** A calendar date in words ("3 March 2027"), without a time zone shift. */
export function formatCalendarDate(date: string, locale: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(y ?? 0, (m ?? 1) - 1, d ?? 1));
}
