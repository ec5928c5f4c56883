import type { ParseArgsConfig } from 'node:util';
import type { DispatchClient } from '../client/index.js';
import type { Output } from './output.js';

/** One command of the dispatch CLI: its own flags (besides the connection flags) and what it does. */
export interface Command {
  name: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments it takes (exactly). */
  positionals: number;
  positionalName?: string;
  run(context: {
    values: Record<string, string | boolean | Array<string | boolean> | undefined>;
    positionals: string[];
    client: DispatchClient;
    output: Output;
    json: boolean;
    /** Resolves when the user asks to stop (Ctrl-C). */
    interrupted: Promise<void>;
  }): Promise<void>;
}
