/** Uploads an element test holds until it lets them through: progress, Cancel and sending while uploading can be seen. */
import type { UploadedFile } from '@ecotone/protocol';
import type { TransportFiles, UploadOptions } from '@ecotone/core';
import type { TestBackend } from './_test-fixtures.js';

/** An upload the test lets through (to the memory world's files) when it chooses. */
export interface HeldUpload {
  file: Blob & { name?: string };
  options: UploadOptions | undefined;
  aborted: boolean;
  release(): void;
}

/**
 * The memory transport's files, each upload held until the test releases it,
 * so that progress, Cancel and Publish while uploading can be seen.
 */
export function holdUploads(b: TestBackend): HeldUpload[] {
  const real: TransportFiles = b.transport.files;
  const held: HeldUpload[] = [];
  const files: TransportFiles = {
    url: (id, size) => real.url(id, size),
    upload: (spaceId, file, options) =>
      new Promise<UploadedFile>((resolve, reject) => {
        const upload: HeldUpload = {
          file,
          options,
          aborted: false,
          release: () => real.upload(spaceId, file).then(resolve, reject),
        };
        options?.signal?.addEventListener('abort', () => {
          upload.aborted = true;
          reject(Object.assign(new Error('aborted'), { code: 'aborted' }));
        });
        held.push(upload);
      }),
  };
  Object.defineProperty(b.transport, 'files', { value: files });
  return held;
}

