import { readFileSync } from "node:fs";
import { processIO } from "./io.js";
import { run } from "./program.js";

function packageVersion(): string {
  const manifest: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
  return typeof manifest === "object" && manifest !== null && "version" in manifest && typeof manifest.version === "string"
    ? manifest.version
    : "0.0.0";
}

/** The `routec` binary: runs the CLI on the real process and returns its exit code. */
export async function main(args: readonly string[]): Promise<number> {
  return run(args, processIO(), packageVersion());
}
