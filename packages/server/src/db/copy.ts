/**
 * Moving a company from one database to another (`ecotone copy`): a SQLite
 * file into PostgreSQL when one machine is no longer enough, or back. Every
 * table in dependency order, in batches read in key order (a million posts
 * never sit in memory at once), ids and timestamps as they were, in one
 * transaction on the target (a failed copy leaves it empty); then identity
 * sequences past the copied ids, the full-text index rebuilt for the
 * target's engine (search/text-index.ts), and a verification: row counts
 * per table and a sample of rows compared field by field.
 *
 * The ballot secret is not in the database and is not copied: the target
 * keeps the fingerprint of the source's (settings `ballot_secret_check`),
 * so the servers on the target must be given the same secret (the file
 * beside the SQLite database, or the same ECOTONE_BALLOT_SECRET), and
 * existing ballots stay their voters'.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Locale } from '@ecotone/protocol';
import type { Database } from './schema.js';
import { engineOf } from './engine.js';
import { LATEST_MIGRATION, migrateToLatest } from './database.js';
import { textIndexOf } from '../search/text-index.js';
import { noteIndexText } from '../notes/note-service.js';

type TableName = keyof Database;

interface TablePlan {
  name: TableName;
  /** The primary key (or a unique key): batches are read in its order, sampled rows found by it. */
  key: readonly string[];
  /** Rows copied in passes, each a filter on the source: parents before the rows that refer to them. */
  passes?: readonly string[];
  /** Kept by triggers on insert of other tables: cleared after those, then copied as they were. */
  counter?: boolean;
  /** Rows per batch, when fewer than the copy's (large rows: a file's chunks are 1 MiB each). */
  batchRows?: number;
}

/**
 * Every table, parents first (a foreign key always points up the list).
 * A table that a later migration adds and this list lacks stops the copy
 * before it starts (see {@link unplannedTables}).
 */
const PLAN: readonly TablePlan[] = [
  { name: 'actors', key: ['id'] },
  { name: 'spaces', key: ['id'] },
  { name: 'memberships', key: ['space_id', 'actor_id'] },
  { name: 'join_requests', key: ['space_id', 'actor_id'] },
  { name: 'posts', key: ['id'] },
  { name: 'post_variants', key: ['post_id', 'locale'] },
  { name: 'post_texts', key: ['seq'] },
  { name: 'post_acks', key: ['post_id', 'actor_id'] },
  { name: 'post_link_previews', key: ['post_id'] },
  { name: 'reactions', key: ['object_id', 'actor_id', 'kind'] },
  // One level of replies: top-level comments first.
  { name: 'comments', key: ['id'], passes: ['parent_id IS NULL', 'parent_id IS NOT NULL'] },
  { name: 'talk_shows', key: ['post_id'] },
  { name: 'talk_show_hosts', key: ['post_id', 'actor_id'] },
  { name: 'questions', key: ['id'] },
  { name: 'question_votes', key: ['question_id', 'actor_id'] },
  { name: 'watch_sources', key: ['id'] },
  { name: 'watch_items', key: ['post_id'] },
  { name: 'polls', key: ['id'] },
  { name: 'poll_options', key: ['poll_id', 'id'] },
  { name: 'ballots', key: ['poll_id', 'voter_key'] },
  { name: 'ballot_choices', key: ['poll_id', 'voter_key', 'option_id'] },
  { name: 'notes', key: ['seq'] },
  { name: 'note_tags', key: ['note_id', 'tag'] },
  { name: 'note_sources', key: ['note_id', 'position'] },
  { name: 'note_revisions', key: ['note_id', 'revision'] },
  { name: 'link_previews', key: ['url_key'] },
  { name: 'preview_images', key: ['id'] },
  { name: 'idempotency_keys', key: ['actor_id', 'key'] },
  { name: 'events', key: ['id'] },
  { name: 'settings', key: ['key'] },
  { name: 'audit_log', key: ['seq'] },
  { name: 'reports', key: ['id'] },
  { name: 'word_filters', key: ['space_id', 'word'] },
  { name: 'mentions', key: ['object_type', 'object_id', 'actor_id'] },
  { name: 'notifications', key: ['id'] },
  { name: 'notification_actors', key: ['notification_id', 'actor_id'] },
  { name: 'notification_preferences', key: ['actor_id'] },
  // Rows only, unless the files are kept in the database (below): a directory's files are copied apart (docs/attachments.md#storage).
  { name: 'uploads', key: ['id'] },
  { name: 'files', key: ['id'] },
  { name: 'file_variants', key: ['file_id', 'name'] },
  // The bytes themselves, when the files are kept in the database (--files-store database).
  { name: 'file_objects', key: ['key'] },
  { name: 'file_chunks', key: ['generation', 'seq'], batchRows: 8 },
  // Unfinished uploads, when they are kept in the database too.
  { name: 'upload_sessions', key: ['id'] },
  { name: 'upload_parts', key: ['upload_id', 'start'], batchRows: 8 },
  { name: 'notification_fanouts', key: ['id'] },
  { name: 'reaction_counts', key: ['object_id', 'kind'], counter: true },
  { name: 'comment_counts', key: ['post_id'], counter: true },
  { name: 'ack_counts', key: ['post_id', 'site'], counter: true },
  { name: 'poll_voter_counts', key: ['poll_id'], counter: true },
  { name: 'poll_option_counts', key: ['poll_id', 'option_id'], counter: true },
  { name: 'member_counts', key: ['space_id', 'role'], counter: true },
];

/** Integer keys the database assigns: on PostgreSQL, their sequences are moved past the copied ids. */
const IDENTITY_COLUMNS: readonly { table: TableName; column: string }[] = [
  { table: 'events', column: 'id' },
  { table: 'notes', column: 'seq' },
  { table: 'post_texts', column: 'seq' },
  { table: 'notifications', column: 'id' },
  { table: 'notification_fanouts', column: 'id' },
];

/** Full-text tables of one engine (SQLite's FTS5 and its shadow tables): rebuilt, never copied. */
const TEXT_INDEX_TABLE = /_fts($|_)/;

/** Rows per batch read and written. */
export const DEFAULT_COPY_BATCH_ROWS = 500;
/** Rows per table compared field by field after the copy (at random, plus the last by key). */
export const DEFAULT_SAMPLE_ROWS = 100;

export interface CopyOptions {
  batchRows?: number;
  sampleRows?: number;
  /** Progress, one line at a time. */
  log?: (line: string) => void;
}

export interface TableCount {
  table: string;
  source: number;
  target: number;
}

export interface CopyReport {
  counts: TableCount[];
  /** Rows compared field by field. */
  sampled: number;
  /** Every difference found, one line each; empty when the copy is faithful. */
  differences: string[];
  /** Post texts and notes written to the target's full-text index. */
  indexed: { postTexts: number; notes: number };
}

/** A copy refused before anything was written (not empty, not migrated, secret inside). */
export class CopyRefused extends Error {
  override name = 'CopyRefused';
}

type Row = Record<string, unknown>;

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;
const keyList = (plan: TablePlan) => plan.key.map(quote).join(', ');

/**
 * Tables deliberately left behind: the running instances' limits (rate-limit
 * windows, live streams held), which mean nothing to a new deployment.
 */
const NOT_COPIED: ReadonlySet<string> = new Set(['rate_limit_hits', 'live_stream_slots']);

/** Tables of `db` the plan does not know (a newer schema): copying them would be silent loss. */
async function unplannedTables(db: Kysely<Database>): Promise<string[]> {
  const known = new Set<string>([...PLAN.map((p) => p.name), ...NOT_COPIED]);
  const tables = await db.introspection.getTables();
  return tables.map((t) => t.name).filter((name) => !known.has(name) && !TEXT_INDEX_TABLE.test(name));
}

async function appliedMigrations(db: Kysely<Database>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  return (await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name`.execute(db)).rows.map((r) => r.name);
}

async function countOf(db: Kysely<Database>, table: string): Promise<number> {
  const { rows } = await sql<{ n: number | string }>`SELECT count(*) AS n FROM ${sql.raw(quote(table))}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

/**
 * The next batch of `plan`'s rows after `after` (its key values), in key order.
 * Row values compare the whole key at once, on both engines.
 */
async function readBatch(db: Kysely<Database>, plan: TablePlan, filter: string | undefined, after: unknown[] | undefined, limit: number): Promise<Row[]> {
  const conditions = [
    ...(filter ? [sql.raw(filter)] : []),
    ...(after ? [sql`(${sql.raw(keyList(plan))}) > (${sql.join(after)})`] : []),
  ];
  const where = conditions.length > 0 ? sql`WHERE ${sql.join(conditions, sql` AND `)}` : sql``;
  const { rows } = await sql<Row>`SELECT * FROM ${sql.raw(quote(plan.name))} ${where} ORDER BY ${sql.raw(keyList(plan))} LIMIT ${limit}`.execute(db);
  return rows;
}

async function insertRows(trx: Transaction<Database>, table: string, rows: readonly Row[]): Promise<void> {
  if (rows.length === 0) return;
  const columns = Object.keys(rows[0]!);
  const values = rows.map((row) => sql`(${sql.join(columns.map((c) => row[c]))})`);
  await sql`INSERT INTO ${sql.raw(quote(table))} (${sql.raw(columns.map(quote).join(', '))}) VALUES ${sql.join(values)}`.execute(trx);
}

async function copyTable(source: Kysely<Database>, trx: Transaction<Database>, plan: TablePlan, copyBatchRows: number): Promise<number> {
  const batchRows = Math.min(copyBatchRows, plan.batchRows ?? copyBatchRows);
  let copied = 0;
  for (const filter of plan.passes ?? [undefined]) {
    let after: unknown[] | undefined;
    for (;;) {
      const rows = await readBatch(source, plan, filter, after, batchRows);
      await insertRows(trx, plan.name, rows);
      copied += rows.length;
      if (rows.length < batchRows) break;
      const last = rows[rows.length - 1]!;
      after = plan.key.map((k) => last[k]);
    }
  }
  return copied;
}

/** PostgreSQL: each identity sequence continues after the highest copied id (a fresh one starts at 1). */
async function moveSequences(trx: Transaction<Database>): Promise<void> {
  if (engineOf(trx) !== 'postgres') return; // SQLite's next rowid (and AUTOINCREMENT's) follows the rows themselves.
  for (const { table, column } of IDENTITY_COLUMNS) {
    await sql`SELECT setval(pg_get_serial_sequence(${table}, ${column}), coalesce(max(${sql.raw(quote(column))}), 0) + 1, false) FROM ${sql.raw(quote(table))}`.execute(trx);
  }
}

/** Writes every post text and note of the target to its engine's full-text index, batch by batch. */
async function rebuildTextIndex(trx: Transaction<Database>, batchRows: number): Promise<{ postTexts: number; notes: number }> {
  const index = textIndexOf(trx);
  let postTexts = 0;
  for (let after = 0; ; ) {
    // A text is the post's own body in its language, else the variant's.
    const { rows } = await sql<{ seq: number; locale: string; body: string }>`
      SELECT t.seq, t.locale, CASE WHEN t.locale = p.locale THEN p.body ELSE v.body END AS body
      FROM post_texts t
      JOIN posts p ON p.id = t.post_id
      LEFT JOIN post_variants v ON v.post_id = t.post_id AND v.locale = t.locale
      WHERE t.seq > ${after} ORDER BY t.seq LIMIT ${batchRows}`.execute(trx);
    for (const row of rows) if (row.body !== null) await index.writePostText(trx, Number(row.seq), row.body, row.locale as Locale);
    postTexts += rows.length;
    if (rows.length < batchRows) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  let notes = 0;
  for (let after = 0; ; ) {
    const rows = await trx.selectFrom('notes').select(['seq', 'id', 'title', 'body', 'language']).where('seq', '>', after).orderBy('seq').limit(batchRows).execute();
    const tags = rows.length === 0 ? [] : await trx.selectFrom('note_tags').select(['note_id', 'tag']).where('note_id', 'in', rows.map((r) => r.id)).orderBy('note_id').orderBy('tag').execute();
    for (const note of rows) {
      const content = { title: note.title, body: note.body, language: note.language as Locale, tags: tags.filter((t) => t.note_id === note.id).map((t) => t.tag) };
      await index.writeNote(trx, Number(note.seq), noteIndexText(content));
    }
    notes += rows.length;
    if (rows.length < batchRows) break;
    after = Number(rows[rows.length - 1]!.seq);
  }
  return { postTexts, notes };
}

/** Values as both engines give them back: bytes as bytes, numbers as numbers. */
function sameValue(a: unknown, b: unknown): boolean {
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.isBuffer(a) && Buffer.isBuffer(b) && a.equals(b);
  if (typeof a === 'number' || typeof b === 'number') return Number(a) === Number(b);
  return a === b;
}

const describeKey = (plan: TablePlan, row: Row) => plan.key.map((k) => `${k}=${String(row[k])}`).join(', ');

/** Compares up to `sampleRows` random rows of each table, and its last by key, field by field. */
async function compareSample(source: Kysely<Database>, target: Kysely<Database>, sampleRows: number, differences: string[]): Promise<number> {
  let sampled = 0;
  for (const plan of PLAN) {
    const table = sql.raw(quote(plan.name));
    const picked = await sql<Row>`SELECT * FROM ${table} ORDER BY random() LIMIT ${sampleRows}`.execute(source);
    const last = await sql<Row>`SELECT * FROM ${table} ORDER BY ${sql.raw(plan.key.map((k) => `${quote(k)} DESC`).join(', '))} LIMIT 1`.execute(source);
    for (const row of [...picked.rows, ...last.rows]) {
      sampled += 1;
      const match = sql.join(plan.key.map((k) => sql`${sql.raw(quote(k))} = ${row[k]}`), sql` AND `);
      const found = (await sql<Row>`SELECT * FROM ${table} WHERE ${match}`.execute(target)).rows[0];
      if (!found) {
        differences.push(`${plan.name}: the row ${describeKey(plan, row)} is missing from the target`);
        continue;
      }
      for (const [column, value] of Object.entries(row)) {
        if (!sameValue(value, found[column])) {
          differences.push(`${plan.name}: ${describeKey(plan, row)}: ${column} is ${JSON.stringify(found[column])} in the target, ${JSON.stringify(value)} in the source`);
        }
      }
    }
  }
  return sampled;
}

/** Row counts of every table in both databases. */
async function countTables(source: Kysely<Database>, target: Kysely<Database>): Promise<TableCount[]> {
  const counts: TableCount[] = [];
  for (const plan of PLAN) counts.push({ table: plan.name, source: await countOf(source, plan.name), target: await countOf(target, plan.name) });
  return counts;
}

/** Checks both ends before anything is written; throws {@link CopyRefused}. */
async function checkBeforeCopy(source: Kysely<Database>, target: Kysely<Database>): Promise<void> {
  const applied = await appliedMigrations(source);
  if (applied.at(-1) !== LATEST_MIGRATION) {
    throw new CopyRefused(
      `the source's schema is at ${applied.at(-1) ?? 'no migration'}, this version's is at ${LATEST_MIGRATION}: run this version's ecotone migrate on the source first (or copy with the version that made it)`,
    );
  }
  const unknown = await unplannedTables(source);
  if (unknown.length > 0) throw new CopyRefused(`the source has tables this copy does not know (${unknown.join(', ')}): copy with the version that made them`);
  const legacy = await source.selectFrom('settings').select('key').where('key', '=', 'ballot_secret').executeTakeFirst();
  if (legacy) {
    throw new CopyRefused(
      'the source still holds its ballot secret in the database (settings row "ballot_secret", from an earlier version): start the server on it once so the secret moves out to its file, then copy',
    );
  }
  for (const plan of PLAN) {
    const rows = await countOf(target, plan.name);
    // A fresh, migrated database has no row in any table of the plan.
    if (rows > 0) throw new CopyRefused(`the target is not empty (${plan.name} has ${rows} rows): copy into a new, empty database`);
  }
}

/**
 * Copies every row of `source` into `target`, which is migrated first and
 * must be empty, then verifies the copy. Throws {@link CopyRefused} before
 * writing anything when the copy cannot be made faithfully; the report's
 * `differences` say what the verification found.
 */
export async function copyDatabase(source: Kysely<Database>, target: Kysely<Database>, options: CopyOptions = {}): Promise<CopyReport> {
  const batchRows = options.batchRows ?? DEFAULT_COPY_BATCH_ROWS;
  const log = options.log ?? (() => {});
  await migrateToLatest(target);
  await checkBeforeCopy(source, target);

  // The source is read in one transaction too: one consistent state, even
  // if something still writes to it (stop the servers first all the same).
  const reading = engineOf(source) === 'postgres' ? source.transaction().setIsolationLevel('repeatable read') : source.transaction();
  const indexed = await reading.execute((snapshot) =>
    target.transaction().execute(async (trx) => {
      for (const plan of PLAN.filter((p) => !p.counter)) {
        const rows = await copyTable(snapshot, trx, plan, batchRows);
        log(`copied ${plan.name}: ${rows} rows`);
      }
      // Triggers counted the rows as they came; the source's counters are the truth (an
      // acknowledgement counts under the site its person had then).
      for (const plan of PLAN.filter((p) => p.counter)) {
        await sql`DELETE FROM ${sql.raw(quote(plan.name))}`.execute(trx);
        const rows = await copyTable(snapshot, trx, plan, batchRows);
        log(`copied ${plan.name}: ${rows} rows`);
      }
      await moveSequences(trx);
      const written = await rebuildTextIndex(trx, batchRows);
      log(`wrote ${written.postTexts} post texts and ${written.notes} notes to the ${engineOf(target) === 'postgres' ? 'PostgreSQL' : 'SQLite'} search index`);
      return written;
    }),
  );

  return { ...(await verifyCopy(source, target, options)), indexed };
}

/** Compares a copy with its source: row counts of every table, then a sample of rows field by field. */
export async function verifyCopy(source: Kysely<Database>, target: Kysely<Database>, options: Pick<CopyOptions, 'sampleRows'> = {}): Promise<Omit<CopyReport, 'indexed'>> {
  const counts = await countTables(source, target);
  const differences = counts.filter((c) => c.source !== c.target).map((c) => `${c.table}: ${c.source} rows in the source, ${c.target} in the target`);
  const sampled = await compareSample(source, target, options.sampleRows ?? DEFAULT_SAMPLE_ROWS, differences);
  return { counts, sampled, differences };
}
