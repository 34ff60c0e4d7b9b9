/**
 * The search worker (search/runner.ts): a read-only connection to the
 * server's database file, answering one search at a time.
 */
import { parentPort, workerData } from 'node:worker_threads';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../db/schema.js';
import { inProcessSearch, type SearchRequest, type SearchResponse } from './runner.js';

const { databasePath } = workerData as { databasePath: string };
const sqlite = new SqliteDatabase(databasePath, { readonly: true, fileMustExist: true });
const search = inProcessSearch(new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) }));

parentPort?.on('message', (request: SearchRequest) => {
  const answer = request.kind === 'posts' ? search.posts(request.search) : search.notes(request.search);
  answer.then(
    (result) => parentPort?.postMessage({ id: request.id, result } satisfies SearchResponse),
    (error: unknown) => parentPort?.postMessage({ id: request.id, error: error instanceof Error ? error.message : String(error) } satisfies SearchResponse),
  );
});
