/** The part of webvtt-parser (W3C's WebVTT parser, which ships no types) that captions.ts uses. */
declare module 'webvtt-parser' {
  class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'chapters'): { cues: unknown[]; errors: unknown[] };
  }
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
