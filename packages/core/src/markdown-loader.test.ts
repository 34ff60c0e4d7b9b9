import { describe, expect, it } from 'vitest';
import { loadMarkdown, markdownParser } from './markdown-loader.js';
import { parseMarkdown } from './markdown.js';

describe('loadMarkdown', () => {
  it('loads the parser once, in a later task, and then offers it synchronously', async () => {
    expect(markdownParser()).toBeUndefined();
    const first = loadMarkdown();
    expect(loadMarkdown()).toBe(first);
    // The import waits for a later task: the caller's (the SDK's evaluation, say) stays short.
    expect(markdownParser()).toBeUndefined();
    const parser = await first;
    expect(markdownParser()).toBe(parser);
    expect(parser.parseMarkdown).toBe(parseMarkdown);
    expect(parser.parseMarkdown('Some **bold**')).toEqual([
      { type: 'paragraph', children: [{ type: 'text', text: 'Some ' }, { type: 'strong', children: [{ type: 'text', text: 'bold' }] }] },
    ]);
    expect(parser.markdownWarmUpSteps().length).toBeGreaterThan(10);
  });
});
