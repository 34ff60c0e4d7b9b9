/**
 * A tiny "external" site for end-to-end tests of link previews, on loopback
 * only: one Open Graph article with an image. The server under test is
 * started with this origin allow-listed; nothing else is reachable.
 */
import { createServer, type Server } from 'node:http';
import { deflateSync } from 'node:zlib';

/** A valid 2×2 PNG (teal), built here so the fixture needs no binary file. */
function png(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = crcTable[(c ^ b) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const sum = Buffer.alloc(4);
    sum.writeUInt32BE(crc(body));
    return Buffer.concat([len, body, sum]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8-bit RGB
  const row = Buffer.from([0, 11, 92, 116, 11, 92, 116]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat([row, row]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

export interface FixtureSite {
  origin: string;
  /** Requests received, by path: proves what the server (and only it) fetched. */
  hits: string[];
  close(): Promise<void>;
}

export async function startFixtureSite(): Promise<FixtureSite> {
  const hits: string[] = [];
  const image = png();
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    if (req.url === '/articles/quantum-sensors') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html><head>
        <title>Quantum sensors leave the lab</title>
        <meta property="og:title" content="Quantum sensors leave the lab">
        <meta property="og:description" content="Field trials of diamond magnetometers start in three hospitals.">
        <meta property="og:site_name" content="Tech Watch Weekly">
        <meta property="og:image" content="/images/sensor.png">
        <meta property="og:image:alt" content="A diamond sensor on a circuit board">
        </head><body><p>Article</p></body></html>`);
      return;
    }
    if (req.url === '/images/sensor.png') {
      res.writeHead(200, { 'content-type': 'image/png', 'content-length': image.length });
      res.end(image);
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () => new Promise((ok) => server.close(() => ok())),
  };
}
