// Types of sdk-integrity.mjs, for the tests that import it.
import type { Plugin } from 'rollup';

export declare const INTEGRITY_FILE: string;
export declare function sri(bytes: Uint8Array | string): string;
export declare function writeIntegrity(dir: string): Promise<Record<string, string>>;
export declare function checkIntegrity(dir: string): Promise<string[]>;
export declare function integrityPlugin(): Plugin;
