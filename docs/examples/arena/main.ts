/**
 * The arena on the command line (`npm start`): an authoritative game server and bot clients
 * over loopback TCP and UDP in one process, with a live status line and a summary.
 *
 * Run it with `npm start -- --bots 16 --duration 5` or
 * `node dist/docs/examples/arena/main.js --help`.
 *
 * @module
 */
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { formatStart, formatStatus, formatSummary } from './format.js';
import { runArena } from './runArena.js';
import { BOUNDS, describeBound, resolveSettings, type ArenaOptions } from './settings.js';
import { StatusLine, type StatusOutput } from './StatusLine.js';

/** The `--help` text. */
export const USAGE = `Usage: arena [options]

An authoritative arena server and bot clients over loopback sockets (sfnet's TcpListener,
TcpSocket, UdpSocket and SocketSelector), with a live status line and a summary.

Options:
  --port <n>        server TCP and UDP port, ${describeBound(BOUNDS.port)}; 0 takes any free port (default ${BOUNDS.port.default})
  --bots <n>        bot clients, ${describeBound(BOUNDS.bots)} (default ${BOUNDS.bots.default})
  --duration <s>    seconds to run, ${describeBound(BOUNDS.duration)} (default ${BOUNDS.duration.default}); Ctrl-C ends earlier
  --tick-rate <hz>  server and bot ticks per second, ${describeBound(BOUNDS['tick-rate'])} (default ${BOUNDS['tick-rate'].default})
  --ipv6            use ::1 instead of 127.0.0.1 (default: 127.0.0.1)
  --web             serve the browser client and print its URL: play beside the bots (default: off)
  --quiet           no status line, only the summary (default: status line)
  -h, --help        show this help

Whole numbers only, except --duration (e.g. 0.5). \`npm start\` compiles the project first
(about 45 s); \`node dist/docs/examples/arena/main.js\` runs the last build at once.
`;

/** Where the command line writes. */
export interface MainOutput {
  /** Status and summary (usually `process.stdout`). */
  readonly out: StatusOutput;
  /** Error messages (usually `process.stderr`). */
  readonly err: { write(text: string): unknown };
}

/** What the flags ask for; `null` options mean `--help`. */
interface Parsed {
  /** The arena's options; `null` for `--help`. */
  readonly options: ArenaOptions | null;
  /** `--quiet`: no start line, no status line. */
  readonly quiet: boolean;
}

/**
 * Parses the flags into arena options (checked against their bounds).
 *
 * @param args - the arguments after the script name.
 * @returns the options (`null` for `--help`) and whether to stay quiet.
 * @throws TypeError / RangeError with a message for the user on a bad flag or value.
 */
export function parseFlags(args: readonly string[]): Parsed {
  const { values } = parseArgs({
    args: [...args],
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: 'string' },
      bots: { type: 'string' },
      duration: { type: 'string' },
      'tick-rate': { type: 'string' },
      ipv6: { type: 'boolean', default: false },
      web: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help === true) return { options: null, quiet: false };
  const duration = numberFlag('duration', values.duration);
  const options: ArenaOptions = {
    port: numberFlag('port', values.port),
    bots: numberFlag('bots', values.bots),
    durationMs: duration === undefined ? undefined : duration * 1000,
    tickRate: numberFlag('tick-rate', values['tick-rate']),
    ipv6: values.ipv6 === true,
    web: values.web === true,
  };
  resolveSettings(options);
  return { options, quiet: values.quiet === true };
}

/** A flag's number, `undefined` when absent; not a number → RangeError. */
function numberFlag(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (Number.isNaN(value)) throw new RangeError(`--${name}: ${JSON.stringify(text)} is not a number`);
  return value;
}

/**
 * Runs the command line: parses the flags, runs the arena with a status line, prints the
 * summary. Ctrl-C (SIGINT) ends the run early and cleanly.
 *
 * @param args - the arguments after the script name.
 * @param io - where to write; the process's stdout and stderr by default.
 * @returns the exit code: 0 done (also after Ctrl-C), 1 the arena could not start, 2 bad usage.
 * @example
 * ```ts
 * process.exitCode = await main(['--bots', '4', '--duration', '2']);
 * ```
 */
export async function main(args: readonly string[], io: MainOutput = { out: process.stdout, err: process.stderr }): Promise<number> {
  let parsed: Parsed;
  try {
    parsed = parseFlags(args);
  } catch (error) {
    io.err.write(`arena: ${error instanceof Error ? error.message : String(error)}\nTry --help.\n`);
    return 2;
  }
  if (parsed.options === null) {
    io.out.write(USAGE);
    return 0;
  }
  const line = new StatusLine(io.out);
  const interrupt = new AbortController();
  const onSigint = (): void => interrupt.abort();
  process.once('SIGINT', onSigint);
  try {
    const summary = await runArena({
      ...parsed.options,
      signal: interrupt.signal,
      statusIntervalMs: line.inPlace ? 250 : 1000,
      onListening: parsed.quiet ? undefined : (server) => io.out.write(`${formatStart(server, resolveSettings(parsed.options ?? {}))}\n`),
      onStatus: parsed.quiet ? undefined : (status) => line.show(formatStatus(status)),
    });
    line.clear();
    io.out.write(`${formatSummary(summary).join('\n')}\n`);
    return 0;
  } catch (error) {
    line.clear();
    io.err.write(`arena: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
