/**
 * Files of a client (attachments): uploading them and the addresses to
 * show them. A function of its own rather than a method of the client, so
 * that pages that never show a file (a like button alone) carry none of it.
 */
import { EcotoneError } from './errors.js';
import { HttpFiles } from './transport/http-files.js';
import { HttpTransport } from './transport/http-transport.js';
import type { EcotoneClient, TransportFiles } from './types.js';
import { transportOf } from './can-upload.js';

const noFiles = (): Promise<never> => Promise.reject(new EcotoneError('files_unsupported', 'This transport keeps no files'));
/** The files of a transport that keeps none: every call rejects with `files_unsupported`. */
const NO_FILES: TransportFiles = { upload: noFiles, url: noFiles };
/** One per HTTP transport: its file token is kept for the next address. */
const overHttp = new WeakMap<HttpTransport, HttpFiles>();

/**
 * The files of a client's transport: `upload(spaceId, file, options)`
 * uploads a file for a space, to attach to a post (`attachments: [{ file:
 * uploaded.id, alt }]`), resumable over HTTP (a connection cut in the
 * middle goes on from where the server is; the tus uploader loads on the
 * first upload), and rejects with the server's refusal
 * (`file_type_refused`, `file_too_large`, `file_empty`) or `aborted`.
 * `url(fileId, size?)` is the address of an attached file, or of one of an
 * image's sizes (`attachment.sizes[i].name`), for `<img src>`, `<video
 * src>` or a download link: valid for a while (an hour over HTTP), bound
 * to the signed-in person. Both reject with `files_unsupported` when the
 * transport keeps no files.
 *
 * @example
 * const files = clientFiles(client);
 * const file = await files.upload('general', input.files[0], { onProgress: (sent, total) => (bar.value = sent / total) });
 * await client.publish('general', { body, attachments: [{ file: file.id, alt: 'The new lab' }] });
 * img.src = await files.url(file.id, 'w640');
 */
export function clientFiles(client: EcotoneClient): TransportFiles {
  const transport = transportOf(client);
  if (transport instanceof HttpTransport) {
    let files = overHttp.get(transport);
    if (!files) overHttp.set(transport, (files = new HttpFiles(transport)));
    return files;
  }
  return transport?.files ?? NO_FILES;
}

