/**
 * The e-mail digest sample, ready for `--notify-module`:
 *
 *   ECOTONE_NOTIFY_DIR=/var/spool/ecotone-mail ECOTONE_NOTIFY_FROM='Ecotone <ecotone@intranet.example>' \
 *     ecotone serve … --notify-module node_modules/@ecotone/server/dist/notifications/eml-digest-module.js
 *
 * Optional: ECOTONE_NOTIFY_FLUSH_MS (default 600000, ten minutes), ECOTONE_NOTIFY_SITE_URL.
 */
import { emlDigest } from './eml-digest.js';

const dir = process.env['ECOTONE_NOTIFY_DIR'];
const from = process.env['ECOTONE_NOTIFY_FROM'];
if (!dir || !from) throw new Error('eml-digest-module needs ECOTONE_NOTIFY_DIR and ECOTONE_NOTIFY_FROM');
const flushMs = process.env['ECOTONE_NOTIFY_FLUSH_MS'];
const siteUrl = process.env['ECOTONE_NOTIFY_SITE_URL'];

const digest = emlDigest({
  dir,
  from,
  ...(flushMs !== undefined ? { flushMs: Number(flushMs) } : {}),
  ...(siteUrl ? { siteUrl } : {}),
});

export const notify = digest.notify;
export const close = digest.close;
