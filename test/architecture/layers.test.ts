import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const src = new URL("../../src/", import.meta.url).pathname;

/**
 * Which stages each stage may import (house style rule 1: a stage imports only earlier stages and `diagnostics`).
 * The runtime owns the wire formats, so the compiler and everything after it may import its types and code.
 */
const allowed: Readonly<Record<string, readonly string[]>> = {
  diagnostics: [],
  stdlib: [],
  sanitize: [],
  runtime: [],
  syntax: ["diagnostics"],
  format: ["diagnostics", "syntax"],
  check: ["diagnostics", "syntax", "runtime", "stdlib"],
  compile: ["diagnostics", "check", "runtime", "stdlib", "syntax"],
  reference: ["diagnostics", "check", "runtime"],
  verify: ["diagnostics", "check", "reference", "runtime"],
  schema: ["runtime"],
  golden: ["diagnostics", "reference", "runtime"],
  diff: ["diagnostics", "check", "reference", "runtime", "verify"],
  testing: ["runtime", "verify"],
};

/** Stages that are the library core: no Node built-ins, so the compiler runs in a browser. */
const core = Object.keys(allowed);

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : path.endsWith(".ts") && !path.endsWith(".d.ts") ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)[^;]*?from\s+"([^"]+)"/g), ...text.matchAll(/import\(\s*"([^"]+)"\s*\)/g)].map((m) => m[1] ?? "");
}

describe("src layering", () => {
  it.each(core)("src/%s imports only the stages before it", (stage) => {
    const bad: string[] = [];
    for (const file of files(join(src, stage))) {
      for (const spec of imports(file)) {
        if (!spec.startsWith(".")) continue;
        const target = relative(src, resolve(dirname(file), spec)).split("/")[0] ?? "";
        if (target !== stage && !target.endsWith(".js") && !(allowed[stage] ?? []).includes(target)) bad.push(`${relative(src, file)} -> ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it.each(core)("src/%s uses no Node built-ins", (stage) => {
    const bad = files(join(src, stage)).flatMap((file) => imports(file).filter((spec) => spec.startsWith("node:") || ["fs", "path", "os", "child_process", "crypto"].includes(spec)).map((spec) => `${relative(src, file)}: ${spec}`));
    expect(bad).toEqual([]);
  });
});
