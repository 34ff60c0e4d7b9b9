import { describe, expect, it } from 'vitest';
import { HttpProblem } from '../http/errors.js';
import { describeKind, fileProblem, servedName } from './file-types.js';

describe('servedName', () => {
  it("replaces the uploader's extension by the decided type's", () => {
    expect(servedName('photo.jpg', { extension: 'png' })).toBe('photo.png');
    expect(servedName('Budget 2027.xls', { extension: 'xlsx' })).toBe('Budget 2027.xlsx');
    expect(servedName('README', { extension: 'txt' })).toBe('README.txt');
    expect(servedName('archive.tar.gz', { extension: 'pdf' })).toBe('archive.tar.pdf');
    expect(servedName('Größe – café.pdf', { extension: 'pdf' })).toBe('Größe – café.pdf');
  });

  it('keeps no folder, control character, quote or leading dot, and falls back to "file"', () => {
    expect(servedName('C:\\Users\\ana\\Budget.xls', { extension: 'xlsx' })).toBe('Budget.xlsx');
    expect(servedName('../../etc/passwd', { extension: 'txt' })).toBe('passwd.txt');
    expect(servedName('a"b\r\nc.txt', { extension: 'txt' })).toBe('abc.txt');
    expect(servedName('.htaccess', { extension: 'txt' })).toBe('file.txt');
    expect(servedName('photo\u202Egpj.exe', { extension: 'png' })).toBe('photogpj.png');
    expect(servedName('...', { extension: 'txt' })).toBe('file.txt');
    expect(servedName(undefined, { extension: 'vtt' })).toBe('file.vtt');
    expect(servedName('x'.repeat(300) + '.txt', { extension: 'txt' })).toBe('x'.repeat(200) + '.txt');
  });
});

describe('fileProblem', () => {
  it('makes an HttpProblem with the code and detail', () => {
    const problem = fileProblem('file_too_large', 'Too large');
    expect(problem).toBeInstanceOf(HttpProblem);
    expect(problem.code).toBe('file_too_large');
    expect(problem.message).toBe('Too large');
    expect(describeKind('image')).toBe('an image');
    expect(describeKind('video')).toBe('a video');
  });
});
