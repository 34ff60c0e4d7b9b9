/**
 * The addresses of a post's files (loaded with the first post that has
 * any): each file and each of an image's sizes, from the client's files
 * (`clientFiles`: the person's file token over HTTP, object URLs in
 * memory). Pages whose posts carry no file never load it.
 */
import { clientFiles, type EcotoneClient } from '@ecotone/core';
import type { Attachment } from '@ecotone/protocol';

/** The key of a file's address in the map: its id, or `id/size`. */
export const urlKey = (id: string, size?: string): string => (size ? `${id}/${size}` : id);

/** Every address the post shows, by `urlKey`. */
export async function attachmentUrls(client: EcotoneClient, attachments: readonly Attachment[]): Promise<Map<string, string>> {
  const files = clientFiles(client);
  const wanted: [string, string | undefined][] = attachments.flatMap((file) => [
    [file.id, undefined] as [string, string | undefined],
    ...(file.sizes ?? []).map((size) => [file.id, size.name] as [string, string]),
  ]);
  const urls = await Promise.all(wanted.map(([id, size]) => files.url(id, size)));
  return new Map(wanted.map(([id, size], i) => [urlKey(id, size), urls[i]!]));
}
