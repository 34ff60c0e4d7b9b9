/**
 * The addresses of a post's files (loaded with the first post that has
 * any): each file, each of an image's sizes, a video's poster (and its
 * sizes) and captions, from the client's files (`clientFiles`: the
 * person's file token over HTTP, object URLs in memory). Pages whose posts
 * carry no file never load it.
 */
import { clientFiles, type EcotoneClient } from '@ecotone/core';
import type { Attachment } from '@ecotone/protocol';

/** The key of a file's address in the map: its id, or `id/size`. */
export const urlKey = (id: string, size?: string): string => (size ? `${id}/${size}` : id);

/** Every address the post shows, by `urlKey`. */
export async function attachmentUrls(client: EcotoneClient, attachments: readonly Attachment[]): Promise<Map<string, string>> {
  const files = clientFiles(client);
  const withSizes = (id: string, sizes: readonly { name: string }[] = []): [string, string | undefined][] => [
    [id, undefined],
    ...sizes.map((size): [string, string] => [id, size.name]),
  ];
  const wanted = attachments.flatMap((file) => [
    ...withSizes(file.id, file.sizes),
    ...(file.poster ? withSizes(file.poster.id, file.poster.sizes) : []),
    ...(file.captions ?? []).map((caption): [string, undefined] => [caption.id, undefined]),
  ]);
  const urls = await Promise.all(wanted.map(([id, size]) => files.url(id, size)));
  return new Map(wanted.map(([id, size], i) => [urlKey(id, size), urls[i]!]));
}
