/** Where a command writes and how it learns about its surroundings; injected so tests capture output. */
export interface CliIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Reads standard input to the end (for `--input -`). */
  readonly readStdin: () => Promise<string>;
  /**
   * Standard input split at each `\n` as it arrives (for streaming filters): the lines `split("\n")` would give,
   * so a final line without `\n` is kept and input ending in `\n` ends with an empty line.
   */
  readonly stdinLines?: () => AsyncIterable<string>;
  /** Whether standard input is a terminal, so a command reading it can say it is waiting. */
  readonly stdinIsTTY?: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Whether stdout is a terminal (colour, progress). */
  readonly isTTY: boolean;
  /** Sets the process exit code: 0 ok, 1 policy or verification failure, 2 usage, I/O or internal error. */
  readonly setExitCode: (code: number) => void;
}

/** The real process's IO. */
export function processIO(): CliIO {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks).toString("utf8");
    },
    stdinLines: async function* () {
      process.stdin.setEncoding("utf8");
      let partial = "";
      for await (const chunk of process.stdin) {
        const lines = (partial + String(chunk)).split("\n");
        partial = lines.pop() ?? "";
        yield* lines;
      }
      yield partial;
    },
    stdinIsTTY: Boolean(process.stdin.isTTY),
    cwd: process.cwd(),
    env: process.env,
    isTTY: Boolean(process.stdout.isTTY),
    setExitCode: (code) => {
      process.exitCode = Math.max(Number(process.exitCode ?? 0), code);
    },
  };
}

/** An in-memory IO for tests: collects output and the highest exit code set. */
export function memoryIO(options: { stdin?: string; cwd?: string; env?: Record<string, string>; stdinIsTTY?: boolean } = {}): CliIO & {
  out: () => string;
  err: () => string;
  exitCode: () => number;
} {
  let out = "";
  let err = "";
  let exitCode = 0;
  return {
    stdout: (text) => void (out += text),
    stderr: (text) => void (err += text),
    readStdin: async () => options.stdin ?? "",
    stdinLines: async function* () {
      yield* (options.stdin ?? "").split("\n");
    },
    stdinIsTTY: options.stdinIsTTY ?? false,
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? {},
    isTTY: false,
    setExitCode: (code) => void (exitCode = Math.max(exitCode, code)),
    out: () => out,
    err: () => err,
    exitCode: () => exitCode,
  };
}
