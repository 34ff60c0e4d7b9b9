/** `unit` repeated to exactly `chars` characters. */
export declare function repeatTo(unit: string, chars: number): string;
/** Hostile bodies by family, each built to a given length. */
export declare const HOSTILE_FAMILIES: Readonly<Record<string, (chars: number) => string>>;
/** A normal post body of about `chars` characters: paragraphs, emphasis, links, lists, a quote and code. */
export declare function normalBody(chars: number): string;
