import { readFileSync } from "node:fs";
import { processIO } from "./io.js";
import { run } from "./program.js";

function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return typeof manifest === "object" && manifest !== null && "version" in manifest && typeof manifest.version === "string"
    ? manifest.version
    : "0.0.0";
}

/**
 * A reader that goes away early (`routec explain --list | head`) closes the pipe: later writes fail with EPIPE,
 * which Node raises as an uncaught error with a stack trace. Nobody is left to read the output, so stop quietly;
 * any other write error is an I/O failure (exit 2).
 */
export function quietOnClosedPipe(stream: NodeJS.EventEmitter, setExitCode: (code: number) => void): void {
  stream.on("error", (error: unknown) => {
    if (typeof error === "object" && error !== null && "code" in error && error.code === "EPIPE") return;
    setExitCode(2);
  });
}

/** The `routec` binary: runs the CLI on the real process and returns its exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const io = processIO();
  quietOnClosedPipe(process.stdout, io.setExitCode);
  quietOnClosedPipe(process.stderr, io.setExitCode);
  return run(args, io, packageVersion());
}
