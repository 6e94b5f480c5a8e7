/**
 * `routec/testing`: fast-check arbitraries built from a compiled table, for property tests of a policy's own
 * invariants. Inputs are biased to where decisions change: each threshold the policy compares and its
 * neighbours, the kinds, labels and hints it names, paths generated from its deny and match globs (in Linux,
 * macOS and Windows spellings) next to benign paths, GPU snapshots around its VRAM levels and model
 * footprints, and sometimes unknown telemetry.
 *
 * fast-check is an optional peer dependency of routec: install it (`npm i -D fast-check`) to use this module.
 */
import fc from "fast-check";
import { evaluate } from "../runtime/index.js";
import type { Cond, Decision, FileRef, GpuSnapshot, Input, NumericFeature, Table } from "../runtime/types.js";
import { samplePaths } from "../verify/witness.js";

export interface ArbitraryInputOptions {
  /** The largest number of files per input (default 4). */
  readonly maxFiles?: number;
  /** Whether telemetry may be unknown (`vram: null` or no GPUs); default true. */
  readonly unknownVram?: boolean;
  /** Extra kinds to draw besides the ones the policy names. */
  readonly kinds?: readonly string[];
  /** Extra paths to draw besides the generated ones. */
  readonly paths?: readonly string[];
}

function conditions(table: Table): Cond[] {
  return [...table.vram.levels.map((l) => l.when), ...table.classify.map((r) => r.when), ...table.escalate.map((r) => r.when)];
}

function visit(cond: Cond, f: (c: Cond) => void): void {
  f(cond);
  if (cond.op === "and" || cond.op === "or") cond.args.forEach((a) => visit(a, f));
  if (cond.op === "not") visit(cond.arg, f);
}

/** The values a table's conditions compare a numeric feature with, and their integer neighbours. */
function thresholds(table: Table, feature: NumericFeature): number[] {
  const out = new Set<number>();
  for (const c of conditions(table)) {
    visit(c, (x) => {
      if (x.op === "cmp" && x.feature === feature) for (const d of [-1, 0, 1]) out.add(Math.max(0, Math.round(x.value) + d));
    });
  }
  return [...out].sort((a, b) => a - b);
}

function named(table: Table, pick: (c: Cond) => readonly string[]): string[] {
  const out = new Set<string>();
  for (const c of conditions(table)) visit(c, (x) => pick(x).forEach((v) => out.add(v)));
  return [...out].sort();
}

const benignPaths = ["src/index.ts", "README.md", "docs/guide.md", "test/app.test.ts", "package.json", "src/config/settings.ts"];
const homes = ["/home/alice", "/Users/Alice", "C:\\Users\\alice", "~", "$HOME", "%USERPROFILE%"];

/** A path as different tools and platforms spell it: under a home, with backslashes, upper-cased. */
function spellings(path: string): fc.Arbitrary<string> {
  const rel = path.startsWith("~/") ? path.slice(2) : path.startsWith("/") ? null : path;
  const variants = [path];
  if (rel !== null) {
    for (const home of homes) variants.push(`${home}/${rel}`);
    variants.push(`C:\\Users\\alice\\${rel.replace(/\//g, "\\")}`, rel.toUpperCase());
  }
  return fc.constantFrom(...variants);
}

function numberNear(values: readonly number[], max: number): fc.Arbitrary<number> {
  const near = values.length === 0 ? fc.nat({ max }) : fc.oneof({ arbitrary: fc.constantFrom(...values), weight: 3 }, { arbitrary: fc.nat({ max }), weight: 1 });
  return near;
}

/** GPU snapshots around the table's VRAM thresholds and model footprints. */
function gpuSnapshots(table: Table): fc.Arbitrary<GpuSnapshot[]> {
  const pcts = thresholds(table, "free_pct");
  const mibs = [...thresholds(table, "free_mib"), ...thresholds(table, "largest_free_mib"), ...Object.values(table.models).flatMap((m) => [m.vram_mib - 1, m.vram_mib, m.vram_mib + 1])];
  const total = fc.constantFrom(4096, 8192, 12288, 16384, 24576, 49152, 81920);
  const gpu = total.chain((t) =>
    fc
      .oneof(
        fc.constantFrom(...(pcts.length === 0 ? [50] : pcts)).map((p) => Math.round((t * p) / 100)),
        fc.constantFrom(...(mibs.length === 0 ? [t] : mibs)),
        fc.nat({ max: t }),
      )
      .map((free) => ({ total_mib: t, free_mib: Math.min(t, Math.max(0, free)) })),
  );
  return fc.array(gpu, { minLength: 1, maxLength: 3 }).map((gpus) => gpus.map((g, index) => ({ index, ...g })));
}

/** An arbitrary valid routing input (`routec.input/1`) biased to the table's boundaries. */
export function arbitraryInput(table: Table, options: ArbitraryInputOptions = {}): fc.Arbitrary<Input> {
  const kinds = [...new Set([...named(table, (c) => (c.op === "in" && c.feature === "kind" ? c.values : [])), "edit", "chore", ...(options.kinds ?? [])])];
  const hints = [...new Set([...named(table, (c) => (c.op === "in" && c.feature === "hint" ? c.values : [])), ...Object.keys(table.classes)])];
  const labels = named(table, (c) => (c.op === "label" ? c.values : []));
  const globs = Object.values(table.globsets).flatMap((s) => [...s.patterns.map((p) => p.source), ...s.excepts]);
  const paths = [...new Set([...benignPaths, ...globs.flatMap(samplePaths), ...(options.paths ?? [])])];
  const path = fc.constantFrom(...paths).chain(spellings);
  const file: fc.Arbitrary<FileRef> = fc.oneof({ arbitrary: path, weight: 6 }, { arbitrary: fc.record({ path: fc.constantFrom(...benignPaths), real: path }), weight: 1 });
  const contexts = [...thresholds(table, "context"), ...Object.values(table.models).flatMap((m) => [m.context, m.context + 1]), ...Object.values(table.classes).flatMap((c) => (c.max_context === null ? [] : [c.max_context, c.max_context + 1]))];
  const known = gpuSnapshots(table).chain((gpus) => fc.record({ gpus: fc.constant(gpus), low_vram_mode: fc.boolean() }, { requiredKeys: ["gpus"] }));
  const vram: fc.Arbitrary<Input["vram"]> =
    options.unknownVram === false
      ? known
      : fc.oneof({ arbitrary: known, weight: 4 }, { arbitrary: fc.constant(null), weight: 1 }, { arbitrary: fc.record({ gpus: fc.constant([]), low_vram_mode: fc.boolean() }), weight: 1 });
  return fc
    .record(
      {
        kind: fc.oneof({ arbitrary: fc.constantFrom(...kinds), weight: 5 }, { arbitrary: fc.string({ minLength: 1, maxLength: 8 }), weight: 1 }),
        labels: fc.subarray(labels),
        hint: fc.option(fc.constantFrom(...(hints.length === 0 ? ["L0"] : hints)), { nil: undefined }),
        files: fc.array(file, { maxLength: options.maxFiles ?? 4 }),
        cwd: fc.option(fc.constantFrom("/home/alice/project", "/work/project", "C:\\src\\app"), { nil: undefined }),
        home: fc.option(fc.constantFrom("/home/alice", "/Users/Alice", "C:\\Users\\alice"), { nil: undefined }),
        platform: fc.option(fc.constantFrom("linux" as const, "darwin" as const, "win32" as const), { nil: undefined }),
        context_tokens: numberNear(contexts, 300_000),
        tool_failures: numberNear(thresholds(table, "tool_failures"), 10),
        runtime_errors: fc.option(numberNear(thresholds(table, "runtime_errors"), 10), { nil: undefined }),
        schema_mismatch: fc.boolean(),
        vram,
      },
      { requiredKeys: ["kind", "labels", "files", "context_tokens", "tool_failures", "schema_mismatch", "vram"] },
    )
    .map((r) => ({
      schema: "routec.input/1" as const,
      task: { kind: r.kind, labels: r.labels, ...(r.hint === undefined ? {} : { class: r.hint }) },
      files: r.files,
      ...(r.cwd === undefined ? {} : { cwd: r.cwd }),
      ...(r.home === undefined ? {} : { home: r.home }),
      ...(r.platform === undefined ? {} : { platform: r.platform }),
      context_tokens: r.context_tokens,
      tool_failures: r.tool_failures,
      ...(r.runtime_errors === undefined ? {} : { runtime_errors: r.runtime_errors }),
      schema_mismatch: r.schema_mismatch,
      vram: r.vram,
    }));
}

/**
 * Asserts that `predicate` holds for every generated input and its decision under `table` (a thin wrapper over
 * `fc.assert(fc.property(...))`): it throws with the shrunk counterexample otherwise. Return false or throw
 * (e.g. with `expect`) to fail.
 */
export function forAllInputs(table: Table, predicate: (input: Input, decision: Decision) => boolean | void, params: fc.Parameters<[Input]> = {}, options: ArbitraryInputOptions = {}): void {
  fc.assert(
    fc.property(arbitraryInput(table, options), (input) => predicate(input, evaluate(table, input))),
    params,
  );
}
