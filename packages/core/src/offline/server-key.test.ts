import { describe, expect, it } from 'vitest';
import { serverKeyOf } from './server-key.js';

describe('serverKeyOf', () => {
  it('names one server however its base URL is written', () => {
    const page = 'https://intranet.example/news/today.html';
    expect(serverKeyOf({ baseUrl: '' }, page)).toBe('https://intranet.example');
    expect(serverKeyOf({}, page)).toBe('https://intranet.example');
    expect(serverKeyOf({ baseUrl: 'https://intranet.example/' }, page)).toBe('https://intranet.example');
    expect(serverKeyOf({ baseUrl: 'https://social.example/api//' }, page)).toBe('https://social.example/api');
    expect(serverKeyOf({ baseUrl: '/social' }, page)).toBe('https://intranet.example/social');
  });

  it('names a given transport apart from every server', () => {
    expect(serverKeyOf({ transport: {} })).toBe('memory');
    expect(serverKeyOf({ transport: 'local' })).toBe('local');
  });
});
