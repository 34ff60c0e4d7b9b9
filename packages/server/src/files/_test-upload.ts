/** Test helper: uploading a file in one tus request, as the client's uploader does for a small file. */
import { expect } from 'vitest';
import type { TestServer } from '../_harness.js';
import type { UploadedFile } from './uploads.js';

const meta = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key} ${Buffer.from(value).toString('base64')}`)
    .join(',');

/** Uploads `bytes` as `as` for `space`; answers the accepted file (fails the test on a refusal). */
export async function uploadFile(server: TestServer, as: string, bytes: Uint8Array, filename: string, space = 'general'): Promise<UploadedFile> {
  const created = await server.api('/api/v1/uploads', {
    as,
    method: 'POST',
    headers: { 'tus-resumable': '1.0.0', 'upload-length': String(bytes.length), 'upload-metadata': meta({ space, filename }) },
  });
  expect(created.status).toBe(201);
  const done = await fetch(new URL(created.headers.get('location')!, server.url), {
    method: 'PATCH',
    headers: { authorization: `Bearer dev:${as}`, 'tus-resumable': '1.0.0', 'upload-offset': '0', 'content-type': 'application/offset+octet-stream' },
    body: new Uint8Array(bytes),
  });
  expect(done.status).toBe(200);
  return (await done.json()) as UploadedFile;
}
