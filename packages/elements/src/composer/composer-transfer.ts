/**
 * One file of the composer on its way to the server (composer-uploads.ts):
 * a file of the post, a video's poster or one of its caption files. Each
 * uploads the same way, with its progress, Cancel and Retry.
 */
import { clientFiles, type EcotoneClient } from '@ecotone/core';
import type { UploadedFile } from '@ecotone/protocol';
import { errorCode } from '../base/error-message.js';

/** Where an upload is. */
export type TransferStatus = 'uploading' | 'done' | 'failed';

/** What a transfer needs from the list it belongs to. */
export interface TransferContext {
  client(): EcotoneClient | undefined;
  space(): string;
  /** Something moved: the composer renders again. */
  changed(): void;
}

export class Transfer {
  status: TransferStatus = 'uploading';
  sent = 0;
  total: number;
  uploaded?: UploadedFile;
  error?: unknown;
  private abort?: AbortController;

  constructor(readonly file: File) {
    this.total = file.size;
  }

  /**
   * Starts (or starts again) the upload. `settled(ok)` is called once it
   * ended, not when it was cancelled; `context.changed()` after each step.
   */
  start(context: TransferContext, settled: (ok: boolean) => void): void {
    const client = context.client();
    const abort = new AbortController();
    this.abort = abort;
    this.status = 'uploading';
    this.error = undefined;
    this.sent = 0;
    // No client (the page took it away): refused like any upload, with Retry.
    (client ? clientFiles(client) : { upload: () => Promise.reject(new Error('No client')) })
      .upload(context.space(), this.file, {
        signal: abort.signal,
        onProgress: (sent, total) => {
          if (this.abort !== abort) return;
          this.sent = sent;
          this.total = total;
          context.changed();
        },
      })
      .then(
        (uploaded) => {
          if (this.abort !== abort) return;
          this.uploaded = uploaded;
          this.status = 'done';
          this.sent = this.total;
          settled(true);
          context.changed();
        },
        (error: unknown) => {
          // Cancelled by the person: the file is gone already.
          if (this.abort !== abort || errorCode(error) === 'aborted') return;
          this.status = 'failed';
          this.error = error;
          settled(false);
          context.changed();
        },
      );
  }

  /** Forgets the upload: aborted when it was still running, its outcome ignored. */
  cancel(): void {
    const abort = this.abort;
    this.abort = undefined;
    if (this.status === 'uploading') abort?.abort();
  }

  /** Marks the file refused before any upload (a caption file alone), with the reason shown for it. */
  refuse(reason: unknown): void {
    this.cancel();
    this.status = 'failed';
    this.error = reason;
  }
}
