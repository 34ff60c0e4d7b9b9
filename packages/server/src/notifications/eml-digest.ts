/**
 * A sample `--notify-module`: digest e-mails written to a directory as `.eml`
 * files (RFC 5322, built by nodemailer's stream transport), one per person and
 * flush, for the company's own mail relay to pick up (or a person to open).
 * Nothing is sent anywhere: the directory is the hand-over. People without an
 * e-mail address (no `email` claim at provisioning) get none.
 *
 * Use it as it is with `--notify-module` pointing at `eml-digest-module.js`
 * (see docs/notifications.md), or build your own from `emlDigest()`.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import type { Locale, Notification, NotificationKind } from '@ecotone/protocol';
import type { NotificationRecipient, NotifyModule } from './notify-hook.js';

export interface EmlDigestOptions {
  /** Where the `.eml` files go (made if missing). */
  dir: string;
  /** The `From` address, e.g. `Ecotone <ecotone@intranet.example>`. */
  from: string;
  /** How long notifications gather before a digest is written, in ms (default 10 minutes); 0 writes at every notification. */
  flushMs?: number;
  /** Where a reader opens the intranet (a link at the end of the digest), when given. */
  siteUrl?: string;
}

const ACTOR_ONLY: Record<Locale, Record<NotificationKind, string>> = {
  en: {
    mention: '{actors} mentioned you',
    comment: '{actors} commented on your post',
    reply: '{actors} replied to your comment',
    ack_request: '{actors} asks you to confirm you have read',
    ack_reminder: 'Reminder: please confirm you have read, by tomorrow',
    space_added: '{actors} added you to {space}',
    join_answered: '{actors} answered your request to join {space}',
    join_requested: '{actors} asks to join {space}',
    poll_closed: 'A poll you answered has closed',
    note_review: 'A note of yours is due for review',
  },
  fr: {
    mention: '{actors} vous a mentionné·e',
    comment: '{actors} a commenté votre publication',
    reply: '{actors} a répondu à votre commentaire',
    ack_request: '{actors} vous demande de confirmer votre lecture',
    ack_reminder: 'Rappel : merci de confirmer votre lecture d’ici demain',
    space_added: '{actors} vous a ajouté·e à {space}',
    join_answered: '{actors} a répondu à votre demande pour rejoindre {space}',
    join_requested: '{actors} demande à rejoindre {space}',
    poll_closed: 'Un sondage auquel vous avez répondu est clos',
    note_review: 'Une de vos notes est à relire',
  },
  de: {
    mention: '{actors} hat Sie erwähnt',
    comment: '{actors} hat Ihren Beitrag kommentiert',
    reply: '{actors} hat auf Ihren Kommentar geantwortet',
    ack_request: '{actors} bittet Sie, das Lesen zu bestätigen',
    ack_reminder: 'Erinnerung: Bitte bestätigen Sie das Lesen bis morgen',
    space_added: '{actors} hat Sie zu {space} hinzugefügt',
    join_answered: '{actors} hat Ihre Beitrittsanfrage für {space} beantwortet',
    join_requested: '{actors} möchte {space} beitreten',
    poll_closed: 'Eine Umfrage, an der Sie teilgenommen haben, ist beendet',
    note_review: 'Eine Ihrer Notizen ist zur Überprüfung fällig',
  },
};

const SUBJECT: Record<Locale, (n: number) => string> = {
  en: (n) => (n === 1 ? '1 new notification' : `${n} new notifications`),
  fr: (n) => (n === 1 ? '1 nouvelle notification' : `${n} nouvelles notifications`),
  de: (n) => (n === 1 ? '1 neue Benachrichtigung' : `${n} neue Benachrichtigungen`),
};

const OTHERS: Record<Locale, (names: string, others: number) => string> = {
  en: (names, others) => (others > 0 ? `${names} and ${others} other${others === 1 ? '' : 's'}` : names),
  fr: (names, others) => (others > 0 ? `${names} et ${others} autre${others === 1 ? '' : 's'}` : names),
  de: (names, others) => (others > 0 ? `${names} und ${others} weitere` : names),
};

const OPEN: Record<Locale, string> = { en: 'Open the intranet', fr: 'Ouvrir l’intranet', de: 'Intranet öffnen' };

/** One notification as a line of plain text in the recipient's language. */
export function notificationLine(notification: Notification, locale: Locale): string {
  const first = notification.actors[0]?.displayName ?? '';
  const actors = OTHERS[locale](first, Math.max(0, notification.actorCount - 1));
  const sentence = ACTOR_ONLY[locale][notification.kind].replace('{actors}', actors).replace('{space}', notification.object.spaceName);
  const excerpt = notification.object.excerpt ? ` — “${notification.object.excerpt}”` : '';
  const where = notification.object.type === 'space' ? '' : ` (${notification.object.spaceName})`;
  return `• ${sentence}${where}${excerpt}`;
}

/** The digest-writing module (see the module comment). */
export function emlDigest(options: EmlDigestOptions): NotifyModule & { flush(): Promise<void> } {
  const flushMs = options.flushMs ?? 10 * 60 * 1000;
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'windows' });
  const waiting = new Map<string, { recipient: NotificationRecipient; items: Notification[] }>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let writing: Promise<void> = Promise.resolve();

  const writeOne = async (recipient: NotificationRecipient & { email: string }, items: readonly Notification[]): Promise<void> => {
    const locale = recipient.locale;
    const lines = items.map((n) => notificationLine(n, locale));
    const text = [...lines, ...(options.siteUrl ? ['', `${OPEN[locale]}: ${options.siteUrl}`] : [])].join('\n');
    const info = await transport.sendMail({
      from: options.from,
      to: { name: recipient.displayName, address: recipient.email },
      subject: SUBJECT[locale](items.length),
      text,
      headers: { 'Auto-Submitted': 'auto-generated', 'Content-Language': locale },
    });
    await mkdir(options.dir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${recipient.id}-${randomUUID().slice(0, 8)}.eml`;
    // Written under another name first: a relay watching the folder never reads half a message.
    const temporary = join(options.dir, `.${name}.part`);
    await writeFile(temporary, info.message as Buffer, { mode: 0o600 });
    await rename(temporary, join(options.dir, name));
  };

  const flush = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    const batch = [...waiting.values()];
    waiting.clear();
    writing = writing.then(async () => {
      for (const { recipient, items } of batch) {
        if (recipient.email) await writeOne({ ...recipient, email: recipient.email }, items);
      }
    });
    return writing;
  };

  return {
    notify(notification, recipient) {
      if (!recipient.email) return;
      const entry = waiting.get(recipient.id) ?? { recipient, items: [] };
      // A grouped notification that grew replaces its earlier state.
      entry.items = [...entry.items.filter((n) => n.id !== notification.id), notification];
      waiting.set(recipient.id, entry);
      if (flushMs === 0) return flush();
      if (!timer) {
        timer = setTimeout(() => void flush(), flushMs);
        timer.unref();
      }
      return undefined;
    },
    flush,
    close: flush,
  };
}
