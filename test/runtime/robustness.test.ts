import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { evaluate, validateInput } from "../../src/runtime/index.js";
import type { Decision } from "../../src/runtime/types.js";
import { defaultTable, input } from "./tables.js";

const runtimeDir = join(import.meta.dirname, "../../src/runtime");

/** Checks a decision against the shape of `routec.decision/1`; returns what is wrong, or null. */
function shapeProblem(d: Decision): string | null {
  const keys = ["schema", "target", "mode", "runtime", "model", "remote", "review", "class", "vram_level", "reasons", "denied", "error", "policy"];
  if (JSON.stringify(Object.keys(d)) !== JSON.stringify(keys)) return "keys";
  if (d.schema !== "routec.decision/1") return "schema";
  if (d.target !== "local" && d.target !== "remote") return "target";
  if (d.mode !== "direct" && d.mode !== "synthesis") return "mode";
  if (typeof d.model !== "string") return "model";
  if (d.target === "remote" && (typeof d.remote !== "string" || d.runtime !== null)) return "remote fields";
  if (d.target === "local" && (typeof d.runtime !== "string" || d.remote !== null)) return "local fields";
  if ((d.mode === "synthesis") !== (d.review !== null)) return "review";
  if (!Array.isArray(d.reasons) || d.reasons.length === 0) return "reasons";
  if (!d.reasons.every((r) => typeof r.code === "string" && typeof r.message === "string")) return "reason shape";
  if (d.error !== null && !/^R05\d\d$/.test(d.error.code)) return "error code";
  if (d.error !== null && d.target !== "remote") return "error went local";
  if (d.denied.length > 0 && d.target !== "remote") return "denied went local";
  if (typeof d.policy.sha256 !== "string") return "policy";
  return null;
}

const validInput = fc.record({
  task: fc.record({ kind: fc.constantFrom("edit", "docs", "auth", "refactor", "x"), labels: fc.array(fc.constantFrom("security", "ui", "")) }, { requiredKeys: ["kind", "labels"] }),
  files: fc.array(
    fc.oneof(
      fc.constantFrom("src/a.ts", "~/.ssh/id_rsa", ".env", "C:\\Users\\b\\.aws\\credentials", "..", "/", "~", "\\\\?\\", "::$DATA", ". ."),
      fc.string({ minLength: 1 }),
      fc.record({ path: fc.string({ minLength: 1 }), real: fc.string({ minLength: 1 }) }),
    ),
    { maxLength: 5 },
  ),
  cwd: fc.constantFrom("/w", "C:\\w", "~/p", "rel"),
  home: fc.constantFrom("/home/u", "C:\\Users\\u", "~", "/"),
  platform: fc.constantFrom("linux", "darwin", "win32"),
  context_tokens: fc.nat(200_000),
  tool_failures: fc.nat(4),
  schema_mismatch: fc.boolean(),
  runtime_errors: fc.nat(4),
  vram: fc.oneof(fc.constant(null), fc.record({ gpus: fc.array(fc.record({ index: fc.nat(3), total_mib: fc.integer({ min: 1, max: 30000 }), free_mib: fc.nat(30000) }), { maxLength: 3 }), low_vram_mode: fc.boolean() }, { requiredKeys: ["gpus"] })),
}, { requiredKeys: ["task", "files", "context_tokens", "tool_failures", "schema_mismatch", "vram"] });

/** A valid input with one field replaced by an arbitrary JSON value (or NaN, -1, 1.5). */
const mutated = fc.tuple(validInput, fc.constantFrom("task", "files", "context_tokens", "tool_failures", "vram", "home", "cwd", "platform", "zzz"), fc.oneof(fc.jsonValue(), fc.constantFrom(Number.NaN, -1, 1.5, Infinity, "", "a\0b", [""], ["\0"]))).map(([v, k, x]) => ({ ...v, [k]: x }));

describe("evaluate on arbitrary input", () => {
  it("never throws and always gives a schema-shaped decision for 100000 inputs", () => {
    let invalid = 0;
    fc.assert(
      fc.property(fc.oneof({ arbitrary: validInput, weight: 4 }, { arbitrary: mutated, weight: 4 }, { arbitrary: fc.jsonValue(), weight: 1 }, { arbitrary: fc.anything(), weight: 1 }), (x) => {
        const d = evaluate(defaultTable, x);
        if (d.error !== null) invalid++;
        const problem = shapeProblem(d);
        if (problem !== null) throw new Error(`${problem}: ${JSON.stringify(d)}`);
      }),
      { numRuns: 100_000 },
    );
    // both valid and invalid inputs were exercised
    expect(invalid).toBeGreaterThan(10_000);
    expect(invalid).toBeLessThan(90_000);
  }, 30_000);

  it("agrees with validateInput on which inputs are invalid", () => {
    fc.assert(
      fc.property(fc.oneof(validInput, mutated), (x) => {
        const v = validateInput(x);
        const d = evaluate(defaultTable, x);
        return v.ok ? d.error === null || d.error.code === "R0510" : d.error?.code === v.code;
      }),
      { numRuns: 2000 },
    );
  });
});

describe("validateInput", () => {
  const bad = (patch: Record<string, unknown>) => validateInput(input(patch));

  it("accepts a minimal valid input", () => {
    expect(validateInput(input())).toMatchObject({ ok: true });
    expect(validateInput({ ...input(), schema: "routec.input/1", runtime_errors: 0, vram: null })).toMatchObject({ ok: true });
  });

  it("rejects each kind of invalid input with its code and path", () => {
    expect(validateInput([])).toMatchObject({ ok: false, code: "R0501", path: "$" });
    expect(bad({ extra: 1 })).toMatchObject({ ok: false, code: "R0502", path: "$.extra" });
    expect(validateInput({ ...input(), task: { labels: [] } })).toMatchObject({ ok: false, code: "R0503", path: "$.task.kind" });
    expect(bad({ context_tokens: Number.NaN })).toMatchObject({ ok: false, code: "R0504" });
    expect(bad({ tool_failures: -1 })).toMatchObject({ ok: false, code: "R0504" });
    expect(bad({ tool_failures: 1.5 })).toMatchObject({ ok: false, code: "R0504" });
    expect(bad({ files: ["a", "b\0c"] })).toMatchObject({ ok: false, code: "R0505", path: "$.files[1]" });
    expect(bad({ files: [{ path: "a", real: "" }] })).toMatchObject({ ok: false, code: "R0505", path: "$.files[0].real" });
    expect(bad({ files: [{ path: "a", link: "b" }] })).toMatchObject({ ok: false, code: "R0502" });
    expect(bad({ vram: { gpus: [{ index: 0, total_mib: 0, free_mib: 0 }] } })).toMatchObject({ ok: false, code: "R0506" });
    expect(bad({ vram: { gpus: [{ index: 0, total_mib: 10, free_mib: 11 }] } })).toMatchObject({ ok: false, code: "R0506" });
    expect(bad({ schema: "routec.input/2" })).toMatchObject({ ok: false, code: "R0507" });
    expect(bad({ platform: "freebsd" })).toMatchObject({ ok: false, code: "R0501" });
    expect(bad({ schema_mismatch: "no" })).toMatchObject({ ok: false, code: "R0501" });
    expect(bad({ cwd: "" })).toMatchObject({ ok: false, code: "R0505" });
    expect(validateInput(JSON.parse('{"__proto__": 1}'))).toMatchObject({ ok: false, code: "R0502" });
  });
});

describe("runtime module", () => {
  const files = readdirSync(runtimeDir).filter((f) => f.endsWith(".ts"));

  it("imports nothing outside src/runtime and no node built-ins", () => {
    expect(files).toContain("index.ts");
    for (const f of files) {
      const text = readFileSync(join(runtimeDir, f), "utf8");
      const specifiers = [...text.matchAll(/(?:import|export)[^"';]*?from\s*["']([^"']+)["']|import\s*\(\s*["']([^"']+)["']/g)].map((m) => m[1] ?? m[2] ?? "");
      for (const s of specifiers) expect(s, `${f} imports ${s}`).toMatch(/^\.\/[\w-]+\.js$/);
      expect(text, f).not.toMatch(/\b(require|process|Buffer|globalThis)\b/);
    }
  });

  it("bundles to at most 8 KB minified and gzipped", async () => {
    const out = await build({ entryPoints: [join(runtimeDir, "index.ts")], bundle: true, minify: true, format: "esm", platform: "neutral", write: false, logLevel: "silent" });
    const code = out.outputFiles[0]?.contents ?? new Uint8Array();
    const gz = gzipSync(code, { level: 9 }).length;
    expect(gz).toBeGreaterThan(1000);
    expect(gz).toBeLessThanOrEqual(8 * 1024);
  });
});

describe("runtime error codes", () => {
  it("registers every code the runtime emits in the input stage registry", async () => {
    const runtimeCodes = Object.values(await import("../../src/runtime/codes.js"));
    const { inputCodes } = await import("../../src/diagnostics/codes/input.js");
    expect(inputCodes.map((c) => c.code).sort()).toEqual([...runtimeCodes].sort());
    for (const c of inputCodes) expect(c.code).toMatch(/^R05\d\d$/);
  });
});

/** Every path (as keys) into a JSON value. */
function jsonPaths(v: unknown, prefix: string[] = []): string[][] {
  if (typeof v !== "object" || v === null) return [prefix];
  return [prefix, ...Object.keys(v).flatMap((k) => jsonPaths((v as Record<string, unknown>)[k], [...prefix, k]))];
}

function replaceAt(v: unknown, path: readonly string[], x: unknown): unknown {
  const [head, ...rest] = path;
  if (head === undefined) return x;
  const copy: Record<string, unknown> = Array.isArray(v) ? ([...v] as unknown as Record<string, unknown>) : { ...(v as Record<string, unknown>) };
  copy[head] = replaceAt(copy[head], rest, x);
  return copy;
}

describe("evaluate on a malformed table", () => {
  const tablePaths = jsonPaths(JSON.parse(JSON.stringify(defaultTable)));

  it("never throws and never goes local with an error when any part of the table is replaced", () => {
    fc.assert(
      fc.property(fc.constantFrom(...tablePaths), fc.oneof(fc.jsonValue(), fc.constant(undefined)), validInput, (path, x, i) => {
        const d = evaluate(replaceAt(defaultTable, path, x) as typeof defaultTable, i);
        const problem = shapeProblem(d);
        if (problem !== null) throw new Error(`${problem} at ${path.join(".")}: ${JSON.stringify(d)}`);
      }),
      { numRuns: 3000 },
    );
  });
});
