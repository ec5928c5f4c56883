import { parseArgs } from 'node:util';
import { DispatchConnectionError, DispatchError } from '../client/index.js';
import type { Command } from './command.js';
import { clientFrom, CONNECTION_OPTIONS } from './connection.js';
import { cancelCommand, getCommand, listCommand, scheduleCommand } from './jobs.js';
import type { Output } from './output.js';
import { tailCommand } from './tail.js';
import { EXIT, HELP, UsageError } from './usage.js';

const COMMANDS: Record<string, Command> = {
  'jobs schedule': scheduleCommand,
  'jobs list': listCommand,
  'jobs get': getCommand,
  'jobs cancel': cancelCommand,
  tail: tailCommand,
};

/** Runs the command line `argv` (without node and the script); resolves to the exit code. */
export async function run(argv: string[], output: Output, env: NodeJS.ProcessEnv, interrupted: Promise<void>): Promise<number> {
  const [first, second] = argv;
  const name = first === 'jobs' && second !== undefined && !second.startsWith('-') ? `jobs ${second}` : first;
  const wantsHelp = argv.includes('--help') || argv.includes('-h');
  // Help asked for goes to stdout; help shown because the command line is incomplete is a usage error, on stderr.
  const help = (text: string, asked: boolean): number => {
    if (asked) output.out(text);
    else output.err(text);
    return asked ? EXIT.OK : EXIT.USAGE;
  };
  if (name === undefined) return help(HELP.dispatch, false);
  if (name === 'help' || (name.startsWith('-') && wantsHelp)) return help(HELP.dispatch, true);
  if (name === 'jobs' && (second === undefined || wantsHelp)) return help(HELP.jobs, wantsHelp);
  const command = COMMANDS[name];
  try {
    if (!command) throw new UsageError(`unknown command '${name.startsWith('jobs ') ? name : first}'`, 'dispatch');
    const args = argv.slice(name.split(' ').length);
    let parsed: ReturnType<typeof parseArgs>;
    try {
      parsed = parseArgs({ args, options: { ...CONNECTION_OPTIONS, ...command.options }, allowPositionals: true, strict: true });
    } catch (error) {
      // parseArgs says which flag: "Unknown option '--frobnicate'", "Option '--url <value>' argument missing".
      throw new UsageError((error as Error).message.split('. To specify')[0], command.name);
    }
    if (parsed.values.help) {
      output.out(HELP[command.name]);
      return EXIT.OK;
    }
    if (parsed.positionals.length !== command.positionals) {
      throw new UsageError(
        command.positionals ? `expected ${command.positionalName ?? 'an argument'}` : `unexpected argument '${parsed.positionals[0]}'`,
        command.name,
      );
    }
    const values = parsed.values as Record<string, string | boolean | undefined>;
    let client;
    try {
      client = clientFrom(values, env);
    } catch (error) {
      throw new UsageError(`--server / DISPATCH_URL: ${(error as Error).message}`, command.name);
    }
    await command.run({ values: parsed.values, positionals: parsed.positionals, client, output, json: Boolean(values.json), interrupted });
    return EXIT.OK;
  } catch (error) {
    return report(error, output);
  }
}

function report(error: unknown, output: Output): number {
  if (error instanceof UsageError) {
    const where = error.command === 'dispatch' ? 'dispatch' : `dispatch ${error.command}`;
    output.err(`${where}: ${error.message}`);
    output.err(`Run '${where} --help' for usage.`);
    return EXIT.USAGE;
  }
  if (error instanceof DispatchError) {
    output.err(`error (${error.status}${error.field ? `, ${error.field}` : ''}): ${error.message}${error.requestId ? ` [request ${error.requestId}]` : ''}`);
    return EXIT.API_ERROR;
  }
  if (error instanceof DispatchConnectionError) {
    output.err(`error: ${error.message}`);
    return EXIT.UNREACHABLE;
  }
  throw error;
}
