/**
 * The words of a WebVTT caption file (W3C's parser, webvtt-parser), for the
 * search index: each cue's text without its timings, voices or markup, one
 * cue per line.
 */
// A CommonJS module: its exports come as the default one.
import webvtt from 'webvtt-parser';

/** Longest transcript kept for the index, in characters (a caption file is at most 1 MiB). */
export const TRANSCRIPT_MAX_CHARS = 200_000;

interface CueNode {
  type?: string;
  value?: string;
  children?: CueNode[];
}

function textOf(node: CueNode): string {
  if (node.type === 'text') return node.value ?? '';
  return (node.children ?? []).map(textOf).join('');
}

/** The words said in `vtt`, one cue per line; empty when it has no cue. */
export function captionText(vtt: string): string {
  const cues = new webvtt.WebVTTParser().parse(vtt, 'metadata').cues as { tree: CueNode }[];
  return cues
    .map((cue) => textOf(cue.tree).replace(/\s+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n')
    .slice(0, TRANSCRIPT_MAX_CHARS);
}
