/**
 * Test fixture: a small website on 127.0.0.1 (random port) for link
 * previews. It counts connections and requests, so tests can prove that a
 * refused URL never reached it.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import type { AddressInfo } from 'node:net';

/** A 1×1 PNG. */
export const FIXTURE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** Size of the oversize page, in bytes (over the 1 MiB limit). */
const OVERSIZE_BYTES = 1536 * 1024;

export interface FixtureSite {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  port: number;
  /** TCP connections accepted so far. */
  connections: number;
  /** Paths requested so far, in order. */
  requests: string[];
  /** Requests per path. */
  hits: (path: string) => number;
  reset: () => void;
  close: () => Promise<void>;
}

const page = (head: string, body = '<p>Hello</p>') =>
  `<!doctype html><html><head><meta charset="utf-8">${head}</head><body>${body}</body></html>`;

function sendHtml(res: ServerResponse, html: string, type = 'text/html; charset=utf-8'): void {
  res.writeHead(200, { 'content-type': type, 'content-length': Buffer.byteLength(html) });
  res.end(html);
}

export async function startFixtureSite(): Promise<FixtureSite> {
  const sockets = new Set<Socket>();
  let origin = '';
  const site: FixtureSite = {
    origin: '',
    port: 0,
    connections: 0,
    requests: [],
    hits: (path) => site.requests.filter((p) => p === path).length,
    reset: () => {
      site.connections = 0;
      site.requests = [];
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };

  const ogPage = () =>
    page(
      `<title>Ignored document title</title>
      <meta property="og:title" content="  Lyon &amp; the   river  ">
      <meta property="og:description" content="A walk along the Rhône.">
      <meta property="og:site_name" content="Fixture News">
      <meta property="og:image" content="/image.png">
      <meta property="og:image:alt" content="A blue square">
      <meta property="og:url" content="https://elsewhere.example/phishing">`,
    );

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', origin);
    const path = url.pathname;
    site.requests.push(path);
    const redirect = /^\/redirect\/(\d+)$/.exec(path);
    if (redirect) {
      const n = Number(redirect[1]);
      res.writeHead(302, { location: n > 1 ? `/redirect/${n - 1}` : '/og' });
      return res.end();
    }
    switch (path) {
      case '/og':
        return sendHtml(res, ogPage());
      case '/og-gzip': {
        const body = gzipSync(ogPage());
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-encoding': 'gzip', 'content-length': body.length });
        return res.end(body);
      }
      case '/twitter':
        return sendHtml(
          res,
          page(`<meta name="twitter:card" content="summary">
            <meta name="twitter:title" content="Twitter title">
            <meta name="twitter:description" content="Twitter description">
            <meta name="twitter:image" content="${origin}/image.png">`),
        );
      case '/plain':
        return sendHtml(res, page(`<title>Plain &amp; simple</title><meta name="description" content="Only the basics.">`));
      case '/long':
        return sendHtml(res, page(`<title>${'T'.repeat(500)}</title><meta name="description" content="${'d '.repeat(900)}">`));
      case '/video':
        return sendHtml(
          res,
          page(`<meta property="og:title" content="A video">
            <link rel="alternate" type="application/json+oembed" href="/oembed.json?url=x" title="oEmbed">`),
        );
      case '/oembed.json':
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(
          JSON.stringify({
            type: 'video',
            version: '1.0',
            provider_name: 'Fixture Video',
            width: 640,
            height: 360,
            html: '<iframe width="640" height="360" src="https://video.example/embed/abc123" onload="alert(1)"></iframe><script>alert(2)</script>',
          }),
        );
      case '/video-blocked-oembed':
        // Discovery pointing at an internal address: the page previews, without video.
        return sendHtml(
          res,
          page(`<meta property="og:title" content="Sneaky video">
            <link rel="alternate" type="application/json+oembed" href="http://169.254.169.254/oembed.json">`),
        );
      case '/image.png':
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': FIXTURE_PNG.length });
        return res.end(FIXTURE_PNG);
      case '/svg-image':
        return sendHtml(res, page(`<meta property="og:title" content="SVG"><meta property="og:image" content="/image.svg">`));
      case '/image.svg':
        res.writeHead(200, { 'content-type': 'image/svg+xml' });
        return res.end('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
      case '/redirect-blocked':
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      case '/redirect-file':
        res.writeHead(302, { location: 'file:///etc/passwd' });
        return res.end();
      case '/redirect-loopback':
        res.writeHead(301, { location: 'http://[::1]/admin' });
        return res.end();
      case '/big': {
        // Streamed, and the head never ends: the reader must stop at 1 MiB.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><head>');
        const filler = `<meta name="filler" content="${'x'.repeat(1000)}">`;
        let sent = 0;
        const pump = () => {
          while (sent < OVERSIZE_BYTES) {
            sent += filler.length;
            if (!res.write(filler)) return void res.once('drain', pump);
          }
          res.end('</head><body></body></html>');
        };
        res.on('error', () => undefined);
        return pump();
      }
      case '/slow':
        // Headers, then nothing: only the total timeout ends this.
        res.writeHead(200, { 'content-type': 'text/html' });
        res.write('<!doctype html><html><head>');
        return;
      case '/pdf':
        res.writeHead(200, { 'content-type': 'application/pdf' });
        return res.end('%PDF-1.4\n');
      default:
        res.writeHead(404, { 'content-type': 'text/plain' });
        return res.end('not found');
    }
  });
  server.on('connection', (socket) => {
    site.connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  site.port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${site.port}`;
  site.origin = origin;
  return site;
}
