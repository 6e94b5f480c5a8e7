/**
 * Hand-built decision tables for runtime tests, written the way the compiler lowers globs (docs/runtime.md,
 * "Glob index keys"). `defaultTable` mirrors policies/default.route with the `std.secrets` seed.
 */
import type { Cond, GlobIndex, GlobSet, Input, Table, TargetRule } from "../../src/runtime/types.js";

type Key = "exact" | "prefix" | "basename" | "suffix" | "basename_prefix" | "segment";

/** One glob as the compiler would index it: a lookup key of one kind, or a regex source. */
export type Entry = readonly [Key, string] | readonly ["regex", string];

function emptyIndex(): { -readonly [K in Key]: Record<string, number[]> } & { regex: { source: string; ids: number[] }[] } {
  return { exact: {}, prefix: {}, basename: {}, suffix: {}, basename_prefix: {}, segment: {}, regex: [] };
}

function buildIndex(entries: readonly Entry[], fold: boolean): GlobIndex {
  const ix = emptyIndex();
  entries.forEach(([kind, key], id) => {
    const k = fold ? key.toLowerCase() : key;
    if (kind === "regex") ix.regex.push({ source: k, ids: [id] });
    else (ix[kind][k] ??= []).push(id);
  });
  return ix;
}

type ExceptSpec = readonly [string, Entry];
type PatternSpec = readonly [string, Entry] | readonly [string, Entry, readonly ExceptSpec[]];

/** A glob set; each pattern is `[source, entry, excepts as [source, entry][]]`. */
export function globSet(
  name: string,
  kind: "deny" | "match",
  patterns: readonly PatternSpec[],
  origin = "policy",
): GlobSet {
  const exceptSources: string[] = [];
  const exceptEntries: Entry[] = [];
  const infos = patterns.map(([source, , excepts = []], i) => ({
    source,
    origin,
    rule: `deny:${name}#${i + 1}`,
    excepts: excepts.map(([src, entry]) => {
      exceptSources.push(src);
      exceptEntries.push(entry);
      return exceptSources.length - 1;
    }),
  }));
  const includeEntries = patterns.map(([, entry]) => entry);
  const matchers = (fold: boolean) => ({ include: buildIndex(includeEntries, fold), except: buildIndex(exceptEntries, fold) });
  return { name, kind, description: null, patterns: infos, excepts: exceptSources, folded: matchers(true), exact: matchers(false) };
}

const remote = (name: string): TargetRule => ({ kind: "remote", remote: name });
const local = (candidates: string[], fallback: TargetRule | null): TargetRule => ({ kind: "local", candidates, fallback });

const T: Cond = { op: "true" };
const cmp = (feature: Extract<Cond, { op: "cmp" }>["feature"], c: Extract<Cond, { op: "cmp" }>["cmp"], value: number): Cond => ({ op: "cmp", feature, cmp: c, value });
const inKind = (...values: string[]): Cond => ({ op: "in", feature: "kind", values });
const or = (...args: Cond[]): Cond => ({ op: "or", args });
const and = (...args: Cond[]): Cond => ({ op: "and", args });

/** The `secrets` deny set of policies/default.route, with the std.secrets seed. */
export const secretsSet = globSet("secrets", "deny", [
  ["~/.ssh/**", ["prefix", "~/.ssh"]],
  ["~/.gnupg/**", ["prefix", "~/.gnupg"]],
  ["~/.aws/credentials", ["exact", "~/.aws/credentials"]],
  ["**/.env", ["basename", ".env"]],
  ["**/.env.*", ["basename_prefix", ".env."], [["**/.env.example", ["basename", ".env.example"]]]],
  ["**/*.pem", ["suffix", ".pem"]],
  ["**/id_rsa*", ["basename_prefix", "id_rsa"], [["**/*.pub", ["suffix", ".pub"]]]],
]);

/** policies/default.route, compiled by hand. */
export const defaultTable: Table = {
  schema: "routec.table/1",
  sha256: "0".repeat(64),
  policy: { name: "local-first", version: 1, source_sha256: "1".repeat(64) },
  options: { case: "insensitive", unicode: "NFC", redact_denied: true },
  runtimes: { ollama: { endpoint: "http://127.0.0.1:11434", enabled: true }, vllm: { endpoint: "http://127.0.0.1:8000", enabled: false } },
  models: {
    "qwen2.5:7b-instruct": { runtime: "ollama", context: 32768, tools: true, vram_mib: 5530, cost: 0 },
    "llama3.1:latest": { runtime: "ollama", context: 131072, tools: true, vram_mib: 6349, cost: 0 },
    "mistral:latest": { runtime: "ollama", context: 32768, tools: true, vram_mib: 5222, cost: 0 },
    "phi3:latest": { runtime: "ollama", context: 4096, tools: false, vram_mib: 2355, cost: 0 },
    "qwen2.5-coder:7b": { runtime: "ollama", context: 32768, tools: false, vram_mib: 5530, cost: 0 },
  },
  remotes: { claude: { model: "claude-sonnet-4-5" } },
  classes: {
    L0: { description: "docs, formatting, trivial edits", max_context: 8192, tools_required: false, local_allowed: true },
    L1: { description: "routine single-area code change", max_context: 32768, tools_required: true, local_allowed: true },
    L2: { description: "multi-file change, refactor, tests", max_context: 65536, tools_required: true, local_allowed: true },
    L3: { description: "security-relevant or architectural", max_context: null, tools_required: false, local_allowed: false },
  },
  globsets: { secrets: secretsSet },
  vram: {
    levels: [
      { id: "vram:critical", name: "critical", when: or(cmp("free_pct", "<", 10), cmp("free_mib", "<", 1024)) },
      { id: "vram:low", name: "low", when: or(cmp("free_pct", "<", 30), cmp("fragmentation_pct", ">", 50)) },
    ],
    unknown: "low",
    low_vram_mode: "low",
  },
  classify: [
    { id: "classify#1", when: { op: "label", values: ["security", "architecture"] }, then: "L3" },
    { id: "classify#2", when: inKind("auth", "crypto", "deploy"), then: "L3" },
    { id: "classify#3", when: inKind("docs", "format", "lint"), then: "L0" },
    { id: "classify#4", when: and(inKind("edit"), cmp("files", "<=", 3)), then: "L1" },
    { id: "classify#5", when: inKind("refactor", "test", "edit"), then: "L2" },
    { id: "classify#6", when: T, then: "L2" },
  ],
  escalate: [
    { id: "escalate#1", when: { op: "denied", set: null }, target: remote("claude"), reason: "sensitive path" },
    { id: "escalate#2", when: cmp("tool_failures", ">=", 2), target: remote("claude"), reason: "tool-call instability" },
    { id: "escalate#3", when: { op: "flag", feature: "schema_mismatch" }, target: remote("claude"), reason: "tool-call schema mismatch" },
    { id: "escalate#4", when: cmp("runtime_errors", ">=", 3), target: remote("claude"), reason: "local runtime instability" },
    { id: "escalate#5", when: cmp("context", ">", 65536), target: remote("claude"), reason: "long context" },
    { id: "escalate#6", when: { op: "vram", level: "critical" }, target: remote("claude"), reason: "VRAM pressure" },
  ],
  routes: {
    L0: { id: "route:L0", target: local(["qwen2.5:7b-instruct", "phi3:latest"], remote("claude")) },
    L1: { id: "route:L1", target: local(["qwen2.5:7b-instruct", "llama3.1:latest", "mistral:latest"], remote("claude")) },
    L2: { id: "route:L2", target: { kind: "synthesis", draft: ["llama3.1:latest"], review: "claude", fallback: remote("claude") } },
    L3: { id: "route:L3", target: remote("claude") },
  },
  on_error: { id: "on_error", target: remote("claude") },
  source_map: {
    "classify#1": { file: "policies/default.route", line: 27, column: 3 },
    "escalate#1": { file: "policies/default.route", line: 52, column: 3 },
    "route:L1": { file: "policies/default.route", line: 61, column: 1 },
    on_error: { file: "policies/default.route", line: 65, column: 1 },
  },
  verification: { cells: 0, checks: [] },
};

/** A table derived from `defaultTable` with some fields replaced. */
export function withTable(patch: Partial<Table>): Table {
  return { ...defaultTable, ...patch };
}

/** A valid input: an `edit` of `src/app.ts` with plenty of free VRAM. */
export function input(patch: Partial<Record<keyof Input, unknown>> = {}): Record<string, unknown> {
  return {
    task: { kind: "edit", labels: [] },
    files: ["src/app.ts"],
    context_tokens: 2000,
    tool_failures: 0,
    schema_mismatch: false,
    vram: { gpus: [{ index: 0, total_mib: 24576, free_mib: 20000 }] },
    ...patch,
  };
}

/** A match set from a classification glob, indexed as a regex residue. */
export const srcTsSet = globSet("glob:src/**/*.ts", "match", [["src/**/*.ts", ["regex", "(?:.*/)?src/(?:[^/]*/)*[^/]*\\.ts"]]]);
