// The `alex` CLI as a child process for end-to-end tests: started with only the environment
// given (no inherited ALEX_* settings, keys or .env), its output collected, its structured log
// lines (pino JSON on stderr) parsed as they arrive so a test can wait for an event instead of
// sleeping, and stopped with the signal the test chooses (SIGKILL to simulate a crash).
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TimeoutError } from '../../src/errors.ts';
import { parseJson } from '../../src/parse-json.ts';

const bin = fileURLToPath(new URL('../../bin/alex.js', import.meta.url));

/** One structured log line; the fields every line has, the rest kept as they are. */
const logLineSchema = z.object({ level: z.number(), msg: z.string().optional() }).loose();
export type LogLine = z.infer<typeof logLineSchema>;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface AlexProcess {
  readonly child: ChildProcess;
  /** Everything written to stdout so far. */
  readonly stdout: string;
  /** Everything written to stderr so far (log lines and notices). */
  readonly stderr: string;
  /** The JSON log lines seen so far, in order. */
  readonly logs: LogLine[];
  /** Resolves with the first log line (already seen or still to come) that matches. */
  waitForLog(
    matches: (line: LogLine) => boolean,
    what: string,
    timeoutMs?: number,
  ): Promise<LogLine>;
  /** Resolves once stderr contains `text` (e.g. a notice such as "worker started"). */
  waitForOutput(text: string, timeoutMs?: number): Promise<void>;
  /**
   * Resolves with the first match of `pattern` in stdout. Stdout and stderr are separate pipes,
   * so a line printed before a notice may still arrive after it.
   */
  waitForStdout(pattern: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
  /** Resolves when the process has exited. */
  exited(timeoutMs?: number): Promise<Exit>;
  /** Sends `signal` and waits for the exit. */
  stop(signal: NodeJS.Signals, timeoutMs?: number): Promise<Exit>;
}

const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Start `node bin/alex.js …args` in `cwd` with exactly `env` plus PATH and HOME. Log lines are
 * JSON on stderr; set ALEX_LOG_LEVEL=info in `env` to see the job and agent events.
 */
export function startAlex(
  args: string[],
  options: { cwd: string; env: Record<string, string> },
): AlexProcess {
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: options.cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: options.cwd, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let partialLine = '';
  const logs: LogLine[] = [];
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of [...listeners]) listener();
  };

  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    const lines = (partialLine + chunk).split('\n');
    partialLine = lines.pop() ?? '';
    for (const line of lines) {
      const log = parseLogLine(line);
      if (log) logs.push(log);
    }
    notify();
  });
  let exit: Exit | undefined;
  const exitPromise = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      notify();
      resolve(exit);
    });
  });

  /** Waits until `check` returns a value, re-checking on every output and at the exit. */
  function waitFor<T>(check: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const done = (settle: () => void) => {
        clearTimeout(timer);
        listeners.delete(listener);
        settle();
      };
      const listener = () => {
        const value = check();
        if (value !== undefined) return done(() => resolve(value));
        if (exit) {
          done(() =>
            reject(
              new Error(
                `alex ${args.join(' ')} exited (${exit?.code ?? exit?.signal}) before ${what}; stderr:\n${stderr}`,
              ),
            ),
          );
        }
      };
      const timer = setTimeout(() => {
        done(() => reject(new TimeoutError(`${what} (stderr so far:\n${stderr})`, timeoutMs)));
      }, timeoutMs);
      listeners.add(listener);
      listener();
    });
  }

  return {
    child,
    get stdout() {
      return stdout;
    },
    get stderr() {
      return stderr;
    },
    logs,
    waitForLog(matches, what, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return waitFor(() => logs.find(matches), what, timeoutMs);
    },
    async waitForOutput(text, timeoutMs = DEFAULT_TIMEOUT_MS) {
      await waitFor(() => (stderr.includes(text) ? true : undefined), `"${text}"`, timeoutMs);
    },
    waitForStdout(pattern, timeoutMs = DEFAULT_TIMEOUT_MS) {
      return waitFor(
        () => pattern.exec(stdout) ?? undefined,
        `${String(pattern)} on stdout`,
        timeoutMs,
      );
    },
    exited(timeoutMs = DEFAULT_TIMEOUT_MS) {
      return withTimeout(exitPromise, timeoutMs, `alex ${args.join(' ')} to exit`);
    },
    async stop(signal, timeoutMs = DEFAULT_TIMEOUT_MS) {
      if (!exit) child.kill(signal);
      return withTimeout(exitPromise, timeoutMs, `alex ${args.join(' ')} to exit on ${signal}`);
    },
  };
}

/** Run the CLI to completion and return its exit and output. */
export async function runAlex(
  args: string[],
  options: { cwd: string; env: Record<string, string>; timeoutMs?: number },
): Promise<Exit & { stdout: string; stderr: string }> {
  const run = startAlex(args, options);
  const exit = await run.exited(options.timeoutMs ?? DEFAULT_TIMEOUT_MS * 2);
  return { ...exit, stdout: run.stdout, stderr: run.stderr };
}

function parseLogLine(line: string): LogLine | undefined {
  if (!line.startsWith('{')) return undefined;
  try {
    return parseJson(line, logLineSchema, 'log line');
  } catch {
    return undefined;
  }
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(what, timeoutMs)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
