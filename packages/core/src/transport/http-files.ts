/**
 * Files over HTTP (loaded on first use, so pages that show no file carry
 * none of it): uploads with the tus protocol (tus-upload.ts, itself loaded
 * on the first upload), and file addresses carrying the person's file
 * token (`GET /files/token`, kept until five minutes before it expires).
 */
import { API_PREFIX, type FileToken, type UploadedFile } from '@ecotone/protocol';
import type { TransportFiles, UploadOptions } from '../types.js';
import type { HttpTransport } from './http-transport.js';

/** A file token is asked again this long before it expires, in ms, so an address handed out stays valid a while. */
export const FILE_TOKEN_MARGIN_MS = 5 * 60 * 1000;

export class HttpFiles implements TransportFiles {
  /** The caller's file token while it is valid for a few more minutes. */
  private token: Promise<FileToken> | undefined;

  constructor(private readonly transport: HttpTransport) {}

  async upload(spaceId: string, file: Blob & { name?: string }, options?: UploadOptions): Promise<UploadedFile> {
    const { tusUpload } = await import('./tus-upload.js');
    const endpoint = new URL(`${this.transport.baseUrl}${API_PREFIX}/uploads`, globalThis.location?.href ?? 'http://localhost/').href;
    return tusUpload({ endpoint, spaceId, file, name: file.name ?? 'file', authorize: (headers) => this.transport.authorize(headers), options });
  }

  async url(fileId: string, size?: string): Promise<string> {
    const { token } = await this.currentToken();
    const path = `${API_PREFIX}/files/${encodeURIComponent(fileId)}${size ? `/${encodeURIComponent(size)}` : ''}`;
    return `${this.transport.baseUrl}${path}?t=${encodeURIComponent(token)}`;
  }

  /** The file token, asked again within five minutes of its expiry (or after a failure). */
  private async currentToken(): Promise<FileToken> {
    const kept = this.token;
    if (kept) {
      const token = await kept.catch(() => undefined);
      if (token && Date.parse(token.expiresAt) - Date.now() > FILE_TOKEN_MARGIN_MS) return token;
      // Someone asked for a new one meanwhile: that one.
      if (this.token !== kept) return this.currentToken();
    }
    return (this.token = this.transport.request<FileToken>({ method: 'GET', path: `${API_PREFIX}/files/token` }));
  }
}
