/**
 * Translation validation: the runtime on the compiled table must decide exactly as the reference interpreter
 * on the checked policy, on one input per leaf of the input space and on seeded random inputs. A disagreement
 * is a bug in routec (R0308), and the caller must not write the table.
 */
import type { CheckedPolicy } from "../check/checked.js";
import type { Diagnostic } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import { referenceEvaluate } from "../reference/evaluate.js";
import { evaluate } from "../runtime/index.js";
import type { Decision, FileRef, GpuSnapshot, Input, Table } from "../runtime/types.js";
import type { Finding } from "./verify.js";
import type { Names } from "./space.js";
import { samplePaths } from "./witness.js";

/** The fields translation validation compares, each as a canonical string. */
export function comparable(decision: Decision): Record<string, string> {
  return {
    target: decision.target,
    mode: decision.mode,
    runtime: String(decision.runtime),
    model: decision.model,
    remote: String(decision.remote),
    review: JSON.stringify(decision.review),
    class: String(decision.class),
    vram_level: String(decision.vram_level),
    reasons: JSON.stringify(decision.reasons.map((r) => [r.code, r.rule])),
    denied: JSON.stringify(decision.denied.map((d) => [d.set, d.pattern, d.file]).sort()),
  };
}

/** The fields on which two decisions differ. */
export function disagreement(a: Decision, b: Decision): string[] {
  const left = comparable(a);
  const right = comparable(b);
  return Object.keys(left).filter((key) => left[key] !== right[key]);
}

/** mulberry32: a tiny seeded generator, so random inputs are reproducible from the seed alone. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function thresholds(policy: CheckedPolicy): number[] {
  const out = new Set<number>([0, 1, 2, 3]);
  const models = Object.values(policy.models);
  for (const m of models) [m.context - 1, m.context, m.context + 1].forEach((v) => out.add(v));
  for (const c of policy.classes) if (c.max_context !== null) [c.max_context, c.max_context + 1].forEach((v) => out.add(v));
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === "object" && value !== null) {
      const record = value as Record<string, unknown>;
      if (record["op"] === "cmp" && typeof record["value"] === "number") {
        const v = record["value"];
        [Math.floor(v) - 1, Math.floor(v), Math.ceil(v), Math.ceil(v) + 1].forEach((x) => out.add(Math.max(0, x)));
      }
      Object.values(record).forEach(visit);
    }
  };
  visit([policy.classify, policy.escalate, policy.vram.levels, policy.asserts]);
  return [...out].sort((a, b) => a - b);
}

function footprints(policy: CheckedPolicy): number[] {
  return Object.values(policy.models).flatMap((m) => [m.vram_mib - 1, m.vram_mib, m.vram_mib + 1]);
}

/** Spellings of one path the way agents and operating systems write them. */
function spell(path: string, pick: <T>(xs: readonly T[]) => T): string {
  const home = pick(["/home/dev", "/Users/Dev", "C:\\Users\\dev", "~", "$HOME", "/root"]);
  let p = path.startsWith("~/") ? `${home}/${path.slice(2)}` : path;
  if (pick([false, false, true])) p = p.toUpperCase();
  if (pick([false, false, true])) p = p.replace(/\//g, "\\");
  if (pick([false, false, false, true])) p = p.replace(/\/([^/]+)$/, "/./x/../$1");
  return p;
}

/** Seeded random inputs over the policy's names, thresholds, globs and VRAM footprints. */
export function randomInputs(policy: CheckedPolicy, names: Names, count: number, seed: number): Input[] {
  const random = seededRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const chance = (p: number): boolean => random() < p;
  const numbers = thresholds(policy);
  const sizes = footprints(policy);
  const globs = [...policy.denySets.flatMap((s) => s.patterns.flatMap((p) => [p.source, ...p.excepts])), ...policy.matchGlobs];
  const paths = [...new Set(["src/main.ts", "README.md", "docs/guide.md", ...globs.flatMap(samplePaths)])];
  const out: Input[] = [];
  for (let i = 0; i < count; i += 1) {
    const files: FileRef[] = [];
    const nfiles = pick([0, 1, 1, 2, 3, 5]);
    for (let f = 0; f < nfiles; f += 1) {
      const path = spell(pick(paths), pick);
      files.push(chance(0.15) ? { path: pick(paths), real: path } : path);
    }
    const gpus: GpuSnapshot[] = [];
    const ngpus = pick([0, 1, 1, 2, 3]);
    for (let g = 0; g < ngpus; g += 1) {
      const total = pick([8192, 12288, 16384, 24576, 49152, 81920, ...sizes.filter((s) => s > 0)]);
      const free = pick([0, Math.floor(total * random()), total, ...sizes.filter((s) => s >= 0 && s <= total)]);
      gpus.push({ index: g, total_mib: total, free_mib: free });
    }
    const vramKnown = ngpus > 0 || chance(0.5);
    const hint = chance(0.3) ? pick([...names.hints, ...policy.classes.map((c) => c.name), "L9"]) : undefined;
    out.push({
      schema: "routec.input/1",
      task: {
        kind: pick([...names.kinds, "edit", "chore", "other"]),
        labels: names.labels.filter(() => chance(0.3)).concat(chance(0.1) ? ["unrelated"] : []),
        ...(hint === undefined ? {} : { class: hint }),
      },
      files,
      ...(chance(0.7) ? { cwd: pick(["/work/project", "/home/dev/project", "C:\\src\\app"]) } : {}),
      ...(chance(0.5) ? { home: pick(["/home/dev", "/Users/Dev", "C:\\Users\\dev"]) } : {}),
      ...(chance(0.3) ? { platform: pick(["linux", "darwin", "win32"] as const) } : {}),
      context_tokens: pick(numbers),
      tool_failures: pick([0, 0, 1, 2, 3, ...numbers.filter((n) => n < 10)]),
      schema_mismatch: chance(0.2),
      ...(chance(0.7) ? { runtime_errors: pick([0, 1, 2, 3, 4]) } : {}),
      vram: vramKnown ? { gpus, ...(chance(0.5) ? { low_vram_mode: chance(0.5) } : {}) } : null,
    });
  }
  return out;
}

/** Compares the runtime on the table with the reference interpreter on every given and random input. */
export function validateTranslation(policy: CheckedPolicy, table: Table, representatives: readonly Input[], names: Names, count: number, seed: number): Finding {
  const inputs = [...representatives, ...randomInputs(policy, names, count, seed)];
  const diagnostics: Diagnostic[] = [];
  let disagreements = 0;
  for (const input of inputs) {
    const expected = referenceEvaluate(policy, input, { sha256: table.sha256 });
    const actual = evaluate(table, input);
    const fields = disagreement(expected, actual);
    if (fields.length === 0) continue;
    disagreements += 1;
    if (diagnostics.length > 0) continue;
    const left = comparable(expected);
    const right = comparable(actual);
    diagnostics.push(
      diagnostic("R0308", null, `the compiled table disagrees with the reference interpreter on ${fields.map((f) => `\`${f}\``).join(", ")}`, {
        notes: [`input: ${JSON.stringify(input)}`, ...fields.map((f) => `${f}: reference ${left[f] ?? ""}, runtime ${right[f] ?? ""}`)],
        help: "this is a bug in routec: please report it with the policy and this input",
      }),
    );
  }
  const detail = `${inputs.length} input(s) compared${disagreements === 0 ? "" : `, ${disagreements} disagreed`}`;
  return { check: { name: "translation", status: disagreements === 0 ? "proved" : "refuted", detail }, diagnostics, counterexamples: [] };
}

