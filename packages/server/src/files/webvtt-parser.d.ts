/** The part of webvtt-parser (W3C's WebVTT parser, a CommonJS module that ships no types) that captions.ts uses. */
declare module 'webvtt-parser' {
  const webvtt: {
    WebVTTParser: new () => { parse(input: string, mode?: 'metadata' | 'chapters'): { cues: unknown[]; errors: unknown[] } };
  };
  export default webvtt;
}
