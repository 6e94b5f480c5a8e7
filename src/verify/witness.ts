/**
 * Concrete inputs for regions: the counterexamples the verifier reports. A witness is built from the region
 * (paths generated from the policy's globs, numbers inside the intervals, GPU snapshots solved for the VRAM
 * features) and then checked against the region through the reference interpreter's own facts, so a reported
 * counterexample always lies in the region it stands for. A region for which no witness is found is reported
 * as having none, never as a violation.
 */
import type { CheckedPolicy } from "../check/checked.js";
import type { GpuSnapshot, Input, NumericFeature } from "../runtime/types.js";
import { globMatches, inputFacts } from "../reference/evaluate.js";
import { expandBraces } from "../reference/glob.js";
import { pathViews } from "../reference/paths.js";
import type { Interval, Region } from "./region.js";
import { decidedBools, integerFeatures, OTHER, vramFeatures } from "./region.js";

/** The working directory of every witness, so relative paths are realistic and deterministic. */
export const witnessCwd = "/work/project";

function contains(interval: Interval, value: number): boolean {
  const aboveLo = interval.lo < value || (interval.lo === value && !interval.loOpen);
  const belowHi = value < interval.hi || (value === interval.hi && !interval.hiOpen);
  return aboveLo && belowHi;
}

/** A few integers inside an interval, the nicest first. */
function integersIn(interval: Interval, preferred: readonly number[] = []): number[] {
  const lo = interval.loOpen ? Math.floor(interval.lo) + 1 : Math.ceil(interval.lo);
  const hi = interval.hi === Infinity ? Infinity : interval.hiOpen ? Math.ceil(interval.hi) - 1 : Math.floor(interval.hi);
  if (lo > hi) return [];
  const picks = [...preferred.filter((v) => v >= lo && v <= hi), lo, hi === Infinity ? lo + 1 : hi, hi === Infinity ? lo * 2 + 1024 : Math.floor((lo + hi) / 2), lo + 1, hi === Infinity ? lo + 4096 : hi - 1];
  return [...new Set(picks.filter((v) => Number.isFinite(v) && v >= lo && v <= hi))];
}

function freshName(taken: readonly string[], base: string): string {
  let name = base;
  for (let i = 2; taken.includes(name); i += 1) name = `${base}-${i}`;
  return name;
}

// ---------------------------------------------------------------------------------------------------------
// Paths

/** Concrete paths a glob matches: `*` and `?` become letters, classes their first member, `**` zero or one segment. */
export function samplePaths(glob: string): string[] {
  const concretize = (segment: string, letter: string): string =>
    segment
      .replace(/\[!([^\]]*)\]/g, (_m, set: string) => (set.includes("z") ? "y" : "z"))
      .replace(/\[\^([^\]]*)\]/g, (_m, set: string) => (set.includes("z") ? "y" : "z"))
      .replace(/\[([^\]]+)\]/g, (_m, set: string) => set.charAt(0))
      .replace(/\*+/g, letter)
      .replace(/\?/g, "x");
  const out: string[] = [];
  for (const text of expandBraces(glob)) {
    for (const [deep, letter] of [[false, ""], [true, "x"], [false, "id"]] as const) {
      const segments = text.split("/").flatMap((segment, index, all) => {
        if (segment !== "**") return [concretize(segment, letter)];
        if (index === all.length - 1) return ["file"];
        return deep ? ["sub"] : [];
      });
      const path = segments.join("/");
      if (path !== "" && !path.endsWith("/")) out.push(path);
    }
  }
  return [...new Set(out)];
}

interface Candidate {
  readonly path: string;
  readonly members: ReadonlySet<string>;
}

/** Every bool key of a region that a path's membership decides (`deny:<set>`, `any:<glob>` and `all:<glob>`). */
function memberships(policy: CheckedPolicy, path: string): Set<string> {
  const views = pathViews(path, witnessCwd, null, true);
  const members = new Set<string>();
  for (const set of policy.denySets) if (set.patterns.some((p) => globMatches(p.source, p.excepts, views, true))) members.add(`deny:${set.name}`);
  for (const glob of policy.matchGlobs) if (globMatches(glob, [], views, true)) members.add(`glob:${glob}`);
  return members;
}

const neutralPaths = ["src/main.ts", "README.md", "test/app.test.ts"];

interface Candidates {
  /** Neutral paths and paths sampled from every glob. */
  readonly base: readonly Candidate[];
  /** Paths combining two globs, built only when the base cannot realize a region. */
  combined(): readonly Candidate[];
  /** Solved file lists by the region's file constraints, since many regions share them. */
  readonly solved: Map<string, string[] | null>;
}

const candidateCache = new WeakMap<CheckedPolicy, Candidates>();

function candidates(policy: CheckedPolicy): Candidates {
  const cached = candidateCache.get(policy);
  if (cached) return cached;
  const globs = [...policy.denySets.flatMap((set) => set.patterns.flatMap((p) => [p.source, ...p.excepts])), ...policy.matchGlobs];
  const samples = globs.flatMap(samplePaths);
  const base = [...new Set([...neutralPaths, ...samples])].map((path) => ({ path, members: memberships(policy, path) }));
  let combinedList: readonly Candidate[] | null = null;
  const combined = (): readonly Candidate[] => {
    const known = new Set(base.map((c) => c.path));
    combinedList ??= combinedPaths(policy, samples)
      .filter((path) => !known.has(path))
      .map((path) => ({ path, members: memberships(policy, path) }));
    return combinedList;
  };
  const made: Candidates = { base, combined, solved: new Map() };
  candidateCache.set(policy, made);
  return made;
}

function combinedPaths(policy: CheckedPolicy, samples: readonly string[]): string[] {
  // A file matching two globs at once (`docs/**` and `**/*.md`): one glob's directory with the other's file name.
  const split = (path: string): readonly [string, string] => {
    const slash = path.lastIndexOf("/");
    return slash < 0 ? ["", path] : [path.slice(0, slash + 1), path.slice(slash + 1)];
  };
  const combined = policy.matchGlobs.flatMap(samplePaths).flatMap((a) => {
    const [dirA, baseA] = split(a);
    return samples.flatMap((b) => {
      const [dirB, baseB] = split(b);
      return [dirA + baseB, dirB + baseA];
    });
  });
  return [...new Set(combined)];
}

/** Chooses files realizing the region's deny and glob booleans with a count inside the `files` interval. */
function solveFiles(policy: CheckedPolicy, region: Region): string[] | null {
  const pool = candidates(policy);
  const key = JSON.stringify([region.num.files, decidedBools(region).filter(([k]) => /^(deny|any|all):/.test(k))]);
  const hit = pool.solved.get(key);
  if (hit !== undefined) return hit;
  const solved = solveFilesFrom(pool.base, region) ?? solveFilesFrom([...pool.base, ...pool.combined()], region);
  pool.solved.set(key, solved);
  return solved;
}

function solveFilesFrom(pool: readonly Candidate[], region: Region): string[] | null {
  const counts = integersIn(region.num.files);
  if (counts.length === 0) return null;
  if (region.num.files.hi === 0) return [];
  const need: string[] = [];
  const forbid: string[] = [];
  const every: string[] = [];
  const notEvery: string[] = [];
  for (const [key, value] of decidedBools(region)) {
    if (key.startsWith("deny:")) (value ? need : forbid).push(key);
    else if (key.startsWith("any:")) (value ? need : forbid).push(`glob:${key.slice(4)}`);
    else if (key.startsWith("all:")) (value ? every : notEvery).push(`glob:${key.slice(4)}`);
  }
  const usable = pool.filter((c) => forbid.every((k) => !c.members.has(k)) && every.every((k) => c.members.has(k)));
  const chosen: Candidate[] = [];
  const open = [...need.map((k) => ({ key: k, member: true })), ...notEvery.map((k) => ({ key: k, member: false }))];
  const covers = (c: Candidate, r: { key: string; member: boolean }): boolean => c.members.has(r.key) === r.member;
  while (open.length > 0) {
    let best: Candidate | null = null;
    let bestCount = 0;
    for (const c of usable) {
      const n = open.filter((r) => covers(c, r)).length;
      if (n > bestCount) {
        best = c;
        bestCount = n;
      }
    }
    if (best === null) return null;
    chosen.push(best);
    const picked = best;
    for (let i = open.length - 1; i >= 0; i -= 1) if (covers(picked, open[i] as { key: string; member: boolean })) open.splice(i, 1);
  }
  const filler = chosen[0] ?? usable[0];
  const size = counts.find((n) => n >= chosen.length);
  if (size === undefined || (size > chosen.length && !filler) || size > 100_000) return null;
  const paths = chosen.map((c) => c.path);
  while (paths.length < size && filler) paths.push(filler.path);
  return paths;
}

// ---------------------------------------------------------------------------------------------------------
// VRAM

/** The aggregate features of a GPU list, computed as the semantics defines them. */
function features(gpus: readonly GpuSnapshot[]): Record<NumericFeature, number> {
  const total = gpus.reduce((s, g) => s + g.total_mib, 0);
  const free = gpus.reduce((s, g) => s + g.free_mib, 0);
  const largest = Math.max(...gpus.map((g) => g.free_mib));
  return { context: 0, files: 0, tool_failures: 0, runtime_errors: 0, total_mib: total, free_mib: free, free_pct: (100 * free) / total, largest_free_mib: largest, fragmentation_pct: free === 0 ? 0 : 100 * (1 - largest / free) };
}

/** One GPU holding the largest free block and the spare total, then GPUs holding the rest of the free memory. */
function layout(total: number, free: number, largest: number): GpuSnapshot[] | null {
  if (free === 0) return [{ index: 0, total_mib: total, free_mib: 0 }];
  if (largest <= 0 || largest > free) return null;
  const gpus: GpuSnapshot[] = [];
  let rest = free - largest;
  gpus.push({ index: 0, total_mib: largest + (total - free), free_mib: largest });
  while (rest > 0) {
    const chunk = Math.min(largest, rest);
    gpus.push({ index: gpus.length, total_mib: chunk, free_mib: chunk });
    rest -= chunk;
    if (gpus.length > 16) return null;
  }
  return gpus;
}

const commonTotals = [8192, 16384, 24576, 12288, 4096, 32768, 49152, 81920, 1024, 2048, 65536, 98304, 131072, 262144, 1048576];

function scale(interval: Interval, factor: number): Interval {
  return { lo: interval.lo * factor, loOpen: interval.loOpen, hi: interval.hi * factor, hiOpen: interval.hiOpen };
}

const vramSolutions = new Map<string, GpuSnapshot[] | null>();

/** Solves for a GPU snapshot whose features lie in the region's VRAM intervals (memoized by the intervals). */
function solveVram(region: Region): GpuSnapshot[] | null {
  const key = JSON.stringify(vramFeatures.map((f) => region.num[f]));
  const hit = vramSolutions.get(key);
  if (hit !== undefined) return hit;
  const solved = solveVramUncached(region);
  vramSolutions.set(key, solved);
  return solved;
}

function solveVramUncached(region: Region): GpuSnapshot[] | null {
  const n = region.num;
  const fromFree = [n.free_mib.lo, n.free_mib.hi].filter(Number.isFinite).flatMap((f) => [n.free_pct.lo, n.free_pct.hi].filter((p) => p > 0).map((p) => Math.round((100 * f) / p)));
  const totals = integersIn(n.total_mib, [...commonTotals, ...fromFree.flatMap((t) => [t - 1, t, t + 1])]).slice(0, 40);
  for (const total of totals) {
    if (total <= 0) continue;
    const pct = scale(n.free_pct, total / 100);
    const freeRange: Interval = {
      lo: Math.max(n.free_mib.lo, pct.lo, 0),
      loOpen: false,
      hi: Math.min(n.free_mib.hi, pct.hi, total),
      hiOpen: false,
    };
    for (const free of integersIn(freeRange).slice(0, 8)) {
      const fromFrag: Interval = { lo: free * (1 - n.fragmentation_pct.hi / 100), loOpen: false, hi: free * (1 - n.fragmentation_pct.lo / 100), hiOpen: false };
      const largestRange: Interval = { lo: Math.max(n.largest_free_mib.lo, fromFrag.lo, Math.ceil(free / 16)), loOpen: false, hi: Math.min(n.largest_free_mib.hi, fromFrag.hi, free), hiOpen: false };
      const largests = free === 0 ? [0] : integersIn(largestRange).sort((a, b) => b - a).slice(0, 6);
      for (const largest of largests) {
        const gpus = layout(total, free, largest);
        if (!gpus) continue;
        const f = features(gpus);
        if (vramFeatures.every((feature) => contains(n[feature], f[feature]))) return gpus;
      }
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

function enumValue(values: readonly string[], base: string, taken: readonly string[]): string | undefined {
  const named = values.find((v) => v !== OTHER);
  if (named !== undefined) return named;
  return base === "" ? undefined : freshName(taken, base);
}

/** The names a policy gives an enumerated feature: the values its conditions compare it with. */
export interface NamedValues {
  readonly kinds: readonly string[];
  readonly hints: readonly string[];
}

/** Builds an input inside the region, or null when none is found (the region may be infeasible). */
export function witness(policy: CheckedPolicy, region: Region, named: NamedValues): Input | null {
  const files = solveFiles(policy, region);
  if (files === null) return null;
  const known = region.bools["known"] === true;
  const gpus = known ? solveVram(region) : null;
  if (known && gpus === null) return null;
  const kind = enumValue(region.kind, "chore", named.kinds) as string;
  const hint = enumValue(region.hint, "", named.hints);
  const labels = decidedBools(region)
    .filter(([key, value]) => key.startsWith("label:") && value === true)
    .map(([key]) => key.slice("label:".length));
  const lowVramMode = region.bools["flag:low_vram_mode"] === true;
  const pick = (feature: NumericFeature): number | null => integersIn(region.num[feature])[0] ?? null;
  const context = pick("context");
  const toolFailures = pick("tool_failures");
  const runtimeErrors = pick("runtime_errors");
  if (context === null || toolFailures === null || runtimeErrors === null) return null;
  const input: Input = {
    schema: "routec.input/1",
    task: { kind, labels, ...(hint === undefined ? {} : { class: hint }) },
    files,
    cwd: witnessCwd,
    context_tokens: context,
    tool_failures: toolFailures,
    schema_mismatch: region.bools["flag:schema_mismatch"] === true,
    runtime_errors: runtimeErrors,
    vram: gpus !== null ? { gpus, low_vram_mode: lowVramMode } : lowVramMode ? { gpus: [], low_vram_mode: true } : null,
  };
  return inRegion(policy, region, input, named) ? input : null;
}

/** True when a valid input lies in the region, judged by the reference interpreter's own reading of the input. */
export function inRegion(policy: CheckedPolicy, region: Region, input: Input, named: NamedValues): boolean {
  const facts = inputFacts(policy, input);
  const value = (feature: NumericFeature): number => {
    switch (feature) {
      case "context":
        return input.context_tokens;
      case "files":
        return input.files.length;
      case "tool_failures":
        return input.tool_failures;
      case "runtime_errors":
        return input.runtime_errors ?? 0;
      default:
        return facts.vram === null ? NaN : facts.vram[feature];
    }
  };
  const numbersOk = (Object.keys(region.num) as NumericFeature[]).every((f) => (!integerFeatures.has(f) && facts.vram === null) || contains(region.num[f], value(f)));
  const enumOk = (values: readonly string[], actual: string | undefined, all: readonly string[]): boolean =>
    actual !== undefined && all.includes(actual) ? values.includes(actual) : values.includes(OTHER);
  const boolValue = (key: string): boolean => {
    if (key === "known") return facts.known;
    if (key === "flag:schema_mismatch") return input.schema_mismatch;
    if (key === "flag:low_vram_mode") return facts.lowVramMode;
    if (key.startsWith("label:")) return input.task.labels.includes(key.slice(6));
    if (key.startsWith("deny:")) return facts.denied.some((d) => d.set === key.slice(5));
    const glob = key.slice(4);
    const matches = facts.views.map((views) => globMatches(glob, [], views, facts.fold));
    return key.startsWith("any:") ? matches.some(Boolean) : matches.every(Boolean);
  };
  const boolsOk = Object.entries(region.bools).every(([key, expected]) => {
    if (expected === null) return true;
    return boolValue(key) === expected;
  });
  return numbersOk && boolsOk && enumOk(region.kind, input.task.kind, named.kinds) && enumOk(region.hint, input.task.class, named.hints);
}
