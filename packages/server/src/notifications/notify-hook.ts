/**
 * Delivery beyond the page: the administrator's own module (`--notify-module`)
 * receives each notification as it is recorded, with its recipient, and sends
 * it by the company's mail, Teams or Matrix service. Nothing leaves the server
 * without one. Calls are made after the change committed, one at a time in
 * order, off the request: a slow or failing module never holds up or fails a
 * write (failures are logged).
 */
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Locale, Notification } from '@ecotone/protocol';
import type { Database } from '../db/schema.js';
import type { DeliveredNotification } from './notifier.js';

/** The person a notification is for, as the hook gets them (their e-mail never goes to other people). */
export interface NotificationRecipient {
  id: string;
  displayName: string;
  locale: Locale;
  /** The e-mail claim of their token at provisioning, when there was one. */
  email: string | null;
}

/**
 * What `--notify-module` exports: `default` (or `notify`) receives each
 * notification; an optional `close()` is awaited at shutdown (flush a digest).
 */
export interface NotifyModule {
  notify: (notification: Notification, recipient: NotificationRecipient) => void | Promise<void>;
  close?: () => void | Promise<void>;
}

/** The queue between recorded notifications and the module. */
export class NotificationDelivery {
  #chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly module: NotifyModule,
    private readonly db: Kysely<Database>,
    private readonly log: () => FastifyBaseLogger | undefined,
  ) {}

  /** Hands these notifications to the module, in order, after what was handed before. */
  deliver(list: readonly DeliveredNotification[]): void {
    this.#chain = this.#chain.then(() => this.#send(list)).catch((error: unknown) => {
      this.log()?.error({ err: error }, 'notification delivery failed');
    });
  }

  /** Resolves once everything handed over so far was delivered (or failed). */
  idle(): Promise<void> {
    return this.#chain;
  }

  /** Waits for the queue, then lets the module flush. */
  async close(): Promise<void> {
    await this.idle();
    await this.module.close?.();
  }

  async #send(list: readonly DeliveredNotification[]): Promise<void> {
    const ids = [...new Set(list.map((d) => d.recipientId))];
    const rows = await this.db.selectFrom('actors').select(['id', 'display_name', 'locale', 'email']).where('id', 'in', ids).execute();
    const people = new Map(rows.map((r) => [r.id, { id: r.id, displayName: r.display_name, locale: r.locale as Locale, email: r.email }]));
    for (const { recipientId, notification } of list) {
      const recipient = people.get(recipientId);
      if (!recipient) continue;
      try {
        await this.module.notify(notification, recipient);
      } catch (error) {
        this.log()?.warn({ err: error, notification: notification.id }, 'the notify module failed on a notification');
      }
    }
  }
}

/** The module's functions, from what it exports; undefined when it exports no function to call. */
export function notifyModuleOf(loaded: Record<string, unknown>): NotifyModule | undefined {
  const notify = typeof loaded['default'] === 'function' ? loaded['default'] : loaded['notify'];
  if (typeof notify !== 'function') return undefined;
  const close = loaded['close'];
  return {
    notify: notify as NotifyModule['notify'],
    ...(typeof close === 'function' ? { close: close as NonNullable<NotifyModule['close']> } : {}),
  };
}
