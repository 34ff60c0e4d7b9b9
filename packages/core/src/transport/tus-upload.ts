/**
 * Uploading a file with the tus protocol (tus-js-client): in chunks, each
 * retried after a network failure from the offset the server reports, so
 * a connection cut in the middle of a large video loses at most one chunk.
 * Loaded on the first upload only: pages that never upload do not carry it.
 */
import { Upload, type DetailedError, type HttpRequest } from 'tus-js-client';
import type { Problem, UploadedFile } from '@ecotone/protocol';
import { EcotoneError, errorFromProblem } from '../errors.js';
import type { UploadOptions } from '../types.js';

/** Bytes per `PATCH`: a cut connection resends at most this much. */
export const UPLOAD_CHUNK_BYTES = 8 * 1024 * 1024;
/** Waits between attempts after a network failure or a server error, in ms (then the upload fails). */
export const UPLOAD_RETRY_DELAYS_MS = [0, 1_000, 3_000, 5_000, 10_000, 20_000, 30_000];

export interface TusUploadRequest {
  /** The uploads route's absolute or page-relative URL. */
  endpoint: string;
  spaceId: string;
  file: Blob;
  name: string;
  /** Adds the caller's credentials to a request's headers. */
  authorize: (headers: Record<string, string>) => Promise<void>;
  options?: UploadOptions | undefined;
}

/** Uploads a file; resolves with what the server made of it, or rejects with an `EcotoneError`. */
export function tusUpload({ endpoint, spaceId, file, name, authorize, options = {} }: TusUploadRequest): Promise<UploadedFile> {
  const { signal, onProgress } = options;
  return new Promise<UploadedFile>((resolve, reject) => {
    if (signal?.aborted) return reject(new EcotoneError('aborted', 'The upload was cancelled'));
    const upload = new Upload(file, {
      endpoint,
      chunkSize: UPLOAD_CHUNK_BYTES,
      retryDelays: UPLOAD_RETRY_DELAYS_MS,
      metadata: { space: spaceId, filename: name, filetype: file.type },
      // Resumed within this page; nothing about it is kept in the browser's storage.
      storeFingerprintForResuming: false,
      onBeforeRequest: async (req: HttpRequest) => {
        const headers: Record<string, string> = {};
        await authorize(headers);
        for (const [key, value] of Object.entries(headers)) req.setHeader(key, value);
      },
      onProgress: (sent, total) => onProgress?.(sent, total),
      onSuccess: ({ lastResponse }) => {
        try {
          resolve(JSON.parse(lastResponse.getBody()) as UploadedFile);
        } catch (error) {
          reject(new EcotoneError('bad_response', 'The server answered the upload with something else than its file', { cause: error }));
        }
      },
      onError: (error) => reject(uploadError(error)),
    });
    signal?.addEventListener(
      'abort',
      () => {
        // Tells the server to forget it (DELETE), then rejects.
        void upload.abort(true).catch(() => undefined);
        reject(new EcotoneError('aborted', 'The upload was cancelled'));
      },
      { once: true },
    );
    upload.start();
  });
}

/** The server's refusal as its problem (`file_type_refused`, …), or a network failure. */
function uploadError(error: Error | DetailedError): EcotoneError {
  const response = 'originalResponse' in error ? error.originalResponse : null;
  if (!response) return new EcotoneError('network', 'The upload could not reach the server', { cause: error });
  const status = response.getStatus();
  try {
    const problem = JSON.parse(response.getBody()) as Problem;
    if (typeof problem.code === 'string') return errorFromProblem({ ...problem, status });
  } catch {
    // Not a problem document: said below.
  }
  return new EcotoneError(status >= 500 ? 'internal' : 'bad_response', `The server refused the upload (${status})`, { status, cause: error });
}
