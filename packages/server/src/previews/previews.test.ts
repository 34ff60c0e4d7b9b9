import { describe, expect, it } from 'vitest';
import { firstLink } from '@ecotone/protocol';
import { videoFromOembed } from './oembed.js';
import { HtmlMetadataReader } from './html-metadata.js';
import { cleanText, urlKey } from './service.js';

describe('firstLink', () => {
  it('takes the first of Markdown links, autolinks and bare URLs', () => {
    expect(firstLink('See [the doc](https://a.example/x "Title") and https://b.example/')).toBe('https://a.example/x');
    expect(firstLink('First https://b.example/page. Then [x](https://a.example/)')).toBe('https://b.example/page');
    expect(firstLink('Autolink <http://c.example/q?a=1>!')).toBe('http://c.example/q?a=1');
    expect(firstLink('(see https://d.example/p), ok')).toBe('https://d.example/p');
    expect(firstLink('No links, only mailto:someone@example.org and ftp://x.example/')).toBeUndefined();
  });
});

describe('videoFromOembed', () => {
  it('keeps only an https iframe src', () => {
    expect(videoFromOembed({ type: 'video', html: '<iframe src="https://v.example/e/1"></iframe>', width: '640', height: 360 })).toEqual({
      embedUrl: 'https://v.example/e/1',
      width: 640,
      height: 360,
    });
    expect(videoFromOembed({ type: 'video', html: '<iframe src="http://v.example/e/1"></iframe>' })).toBeUndefined();
    expect(videoFromOembed({ type: 'video', html: '<iframe src="javascript:alert(1)"></iframe>' })).toBeUndefined();
    expect(videoFromOembed({ type: 'video', html: '<script src="https://v.example/x.js"></script>' })).toBeUndefined();
    expect(videoFromOembed({ type: 'rich', html: '<iframe src="https://v.example/e/1"></iframe>' })).toBeUndefined();
    expect(videoFromOembed('nope')).toBeUndefined();
  });
});

describe('HtmlMetadataReader', () => {
  it('stops once the head is over and something was found', () => {
    const reader = new HtmlMetadataReader('utf-8');
    expect(reader.write(Buffer.from('<html><head><title>T</title><meta property="og:url" content="https://x/">'))).toBe(false);
    expect(reader.write(Buffer.from('</head><body><meta property="og:title" content="late">'))).toBe(true);
    const found = reader.end();
    expect(found.title).toBe('T');
    expect(found.meta.has('og:url')).toBe(false);
    expect(found.meta.has('og:title')).toBe(false);
  });

  it('decodes the declared charset', () => {
    const reader = new HtmlMetadataReader('iso-8859-1');
    reader.write(Buffer.from('<title>Caf\u00e9</title>', 'latin1'));
    expect(reader.end().title).toBe('Café');
  });
});

describe('cleanText and urlKey', () => {
  it('collapses whitespace, drops control characters and bounds by code points', () => {
    expect(cleanText('  a\n\tb\u0000c  ', 10)).toBe('a b c');
    expect(cleanText('   ', 10)).toBeUndefined();
    expect(Array.from(cleanText('😀'.repeat(20), 5)!)).toHaveLength(5);
  });

  it('drops bidi and invisible characters from page texts, which cards show as titles', () => {
    expect(cleanText('\u202eInvoice\u202c pd\u200bf \u2067x\u2069', 100)).toBe('Invoice pdf x');
    expect(cleanText('\u200b\u2060', 100)).toBeUndefined();
  });

  it('keys URLs without their fragment', () => {
    expect(urlKey(new URL('HTTPS://Example.org:443/a?b#c'))).toBe('https://example.org/a?b');
  });
});
