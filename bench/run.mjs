#!/usr/bin/env node
// Shared bench runner: `node bench/run.mjs <name> [args...]` bundles bench/<name>/run.ts with esbuild to a temp
// file and runs it with node, so benches measure the TypeScript sources without a build step.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const [name, ...args] = process.argv.slice(2);
if (!name) {
  console.error("usage: node bench/run.mjs <name> [args...]");
  process.exit(2);
}
const root = dirname(fileURLToPath(import.meta.url));
const dir = mkdtempSync(join(tmpdir(), "routec-bench-"));
const outfile = join(dir, `${name}.mjs`);
try {
  await build({ entryPoints: [join(root, name, "run.ts")], bundle: true, platform: "node", format: "esm", target: "node20", outfile, logLevel: "warning", absWorkingDir: join(root, "..") });
  const result = spawnSync(process.execPath, [outfile, ...args], { stdio: "inherit", cwd: join(root, "..") });
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
