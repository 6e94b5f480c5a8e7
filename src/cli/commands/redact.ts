import { createReadStream } from "node:fs";
import { resolve } from "node:path";
import { Command } from "commander";
import { createLineRedactor } from "../../sanitize/index.js";
import type { LineRedactor } from "../../sanitize/index.js";
import type { CliIO } from "../io.js";
import { done, readFailure } from "./eval.js";
import type { CommandFactory } from "../program.js";

// Output is written in blocks of about this many characters rather than per line.
const flushAt = 64 * 1024;

/** `routec redact [file|-]`: writes the input with every secret replaced by `[REDACTED:<kind>]`, line by line. */
export const redactCommand: CommandFactory = (io) =>
  new Command("redact")
    .description(
      "Write a file (or standard input) with every secret replaced by [REDACTED:<kind>].\n\n" +
        "Redacts API keys and tokens in known formats, JWTs, Authorization credentials, passwords in URLs, " +
        "private-key blocks and the values of secret-named settings. The file or standard input is streamed " +
        "line by line, so it can sit in a pipe.",
    )
    .argument("[file]", "the file to redact, or - for standard input", "-")
    .option("--deny <path...>", "literal paths to redact as well (e.g. denied paths)")
    .action(async (file: string, options: { deny?: string[] }) => {
      const redactor = createLineRedactor({ deniedPaths: options.deny ?? [] });
      const writer = lineWriter(io);
      if (file === "-") {
        if (io.stdinIsTTY === true) io.stderr("routec: reading standard input (end with Ctrl-D)\n");
        for await (const line of io.stdinLines?.() ?? wholeStdinLines(io)) writer.write(redactor.push(line));
        writer.finish(redactor.end());
        return;
      }
      try {
        await redactStream(createReadStream(resolve(io.cwd, file), { encoding: "utf8" }), redactor, writer);
      } catch (error) {
        writer.finish([]);
        done(io, readFailure(file, error));
      }
    });

/** For a `CliIO` without `stdinLines`: standard input read whole, then split. */
async function* wholeStdinLines(io: CliIO): AsyncIterable<string> {
  yield* (await io.readStdin()).split("\n");
}

interface LineWriter {
  write(lines: readonly string[]): void;
  finish(lines: readonly string[]): void;
}

/** Joins output lines with `\n` (as the input was split), writing in blocks. */
function lineWriter(io: CliIO): LineWriter {
  let pending = "";
  let first = true;
  const write = (lines: readonly string[]): void => {
    for (const line of lines) {
      pending += first ? line : `\n${line}`;
      first = false;
    }
    if (pending.length >= flushAt) {
      io.stdout(pending);
      pending = "";
    }
  };
  return {
    write,
    finish(lines) {
      write(lines);
      if (pending !== "") io.stdout(pending);
      pending = "";
    },
  };
}

async function redactStream(chunks: AsyncIterable<string | Buffer>, redactor: LineRedactor, writer: LineWriter): Promise<void> {
  let partial = "";
  for await (const chunk of chunks) {
    const lines = (partial + String(chunk)).split("\n");
    partial = lines.pop() ?? "";
    for (const line of lines) writer.write(redactor.push(line));
  }
  writer.write(redactor.push(partial));
  writer.finish(redactor.end());
}
