/**
 * Whether a client can upload files, apart from files.ts so that an element
 * asking it (to show or hide its attach controls) carries none of the files
 * code: that loads with the first upload.
 */
import { HttpTransport } from './transport/http-transport.js';
import type { EcotoneClient, Transport } from './types.js';

/** The client's own transport (a property the public type does not show). */
export function transportOf(client: EcotoneClient): Transport | undefined {
  return (client as unknown as { transport?: Transport }).transport;
}

/**
 * Whether the client's transport takes files at all: false for one that
 * keeps none (the local IndexedDB transport, a custom one without
 * `files`), whose every call would reject with `files_unsupported`. An
 * element hides its attach controls then, rather than offer what would be
 * refused. (A space may still refuse a file: that is the upload's answer.)
 * Reading it loads none of the upload code.
 */
export function canUpload(client: EcotoneClient): boolean {
  const transport = transportOf(client);
  return transport instanceof HttpTransport || transport?.files !== undefined;
}
