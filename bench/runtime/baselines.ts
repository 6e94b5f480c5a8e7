/**
 * What routec's runtime is measured against, all deciding policies/default.route on the same inputs:
 * - the floor: a hand-written decision function for this one policy (no validation, no reasons, no trace);
 * - the same function with its deny check done by one combined regex of picomatch `makeRe` sources, or by
 *   picomatch's precompiled matchers;
 * - Cedar (wasm) on an equivalent policy: one request per path view for the denylist, one per task for the
 *   escalation rules (Cedar has no quantifier over a set of strings).
 * The baselines share one minimal path normalization (slashes, case, `~`, cwd, homes), which is enough for this
 * workload; routec's own normalization also handles `..`, streams, trailing dots, UNC and NFC.
 */
import picomatch from "picomatch";
import type { GlobIndex, GlobSet, Input } from "../../src/runtime/types.js";

export interface Summary {
  readonly target: "local" | "remote";
  readonly model: string;
}

/** Lowercased views of a path: the path joined to the cwd and `~/rest` under the input's or a conventional home. */
export function views(raw: string, cwd: string, home: string): string[] {
  let p = raw.replaceAll("\\", "/").toLowerCase();
  if (p.startsWith("~/")) p = home + p.slice(1);
  else if (p.startsWith("$home/")) p = home + p.slice(5);
  else if (p.startsWith("./")) p = `${cwd}/${p.slice(2)}`;
  else if (!p.startsWith("/") && p.charCodeAt(1) !== 58) p = `${cwd}/${p}`;
  const out = [p];
  if (p.startsWith(`${home}/`)) out.push(`~${p.slice(home.length)}`);
  else if (p.startsWith("c:/users/")) {
    const end = p.indexOf("/", 9);
    if (end > 0) out.push(`~${p.slice(end)}`);
  }
  return out;
}

const MODELS = {
  qwen: { name: "qwen2.5:7b-instruct", context: 32768, tools: true, vram: 5530 },
  llama: { name: "llama3.1:latest", context: 131072, tools: true, vram: 6349 },
  mistral: { name: "mistral:latest", context: 32768, tools: true, vram: 5222 },
  phi3: { name: "phi3:latest", context: 4096, tools: false, vram: 2355 },
};
type Model = (typeof MODELS)[keyof typeof MODELS];
const REMOTE: Summary = { target: "remote", model: "claude-sonnet-4-5" };

/** The VRAM level of default.route: 0 critical, 1 low, 2 ok; and the largest free MiB (null when unknown). */
export function vramLevel(input: Input): { level: number; largest: number | null } {
  const v = input.vram;
  let level = 1;
  let largest: number | null = null;
  if (v !== null && v.gpus.length > 0) {
    let total = 0;
    let free = 0;
    let big = 0;
    for (const g of v.gpus) {
      total += g.total_mib;
      free += g.free_mib;
      if (g.free_mib > big) big = g.free_mib;
    }
    const pct = (100 * free) / total;
    const frag = free > 0 ? 100 * (1 - big / free) : 0;
    level = pct < 10 || free < 1024 ? 0 : pct < 30 || frag > 50 ? 1 : 2;
    largest = big;
  }
  if (v !== null && v.low_vram_mode === true && level > 1) level = 1;
  return { level, largest };
}

/** The class of default.route's classify block. */
export function classify(input: Input): "L0" | "L1" | "L2" | "L3" {
  const { kind, labels } = input.task;
  if (labels.includes("security") || labels.includes("architecture")) return "L3";
  if (kind === "auth" || kind === "crypto" || kind === "deploy") return "L3";
  if (kind === "docs" || kind === "format" || kind === "lint") return "L0";
  if (kind === "edit" && input.files.length <= 3) return "L1";
  return "L2";
}

/** Whether default.route escalates, given whether a file is denied. */
export function escalates(input: Input, denied: boolean, level: number): boolean {
  return denied || input.tool_failures >= 2 || input.schema_mismatch || (input.runtime_errors ?? 0) >= 3 || input.context_tokens > 65536 || level === 0;
}

/** The route of default.route for a class that did not escalate. */
export function route(input: Input, cls: "L0" | "L1" | "L2" | "L3", largest: number | null): Summary {
  const ctx = input.context_tokens;
  const serves = (m: Model, max: number, tools: boolean) => ctx <= m.context && ctx <= max && (!tools || m.tools) && (largest === null || m.vram <= largest);
  const first = (ms: readonly Model[], max: number, tools: boolean): Summary => {
    for (const m of ms) if (serves(m, max, tools)) return { target: "local", model: m.name };
    return REMOTE;
  };
  switch (cls) {
    case "L0":
      return first([MODELS.qwen, MODELS.phi3], 8192, false);
    case "L1":
      return first([MODELS.qwen, MODELS.llama, MODELS.mistral], 32768, true);
    case "L2":
      return first([MODELS.llama], 65536, true);
    case "L3":
      return REMOTE;
  }
}

/** The hand-written decision with a pluggable deny check over a file's views. */
export function decide(input: Input, denied: (vs: readonly string[]) => boolean): Summary {
  let any = false;
  const cwd = input.cwd ?? "";
  const home = input.home ?? "";
  for (const f of input.files) {
    if (denied(views(typeof f === "string" ? f : f.path, cwd, home))) {
      any = true;
      break;
    }
  }
  const cls = classify(input);
  const { level, largest } = vramLevel(input);
  return escalates(input, any, level) ? REMOTE : route(input, cls, largest);
}

// ---------------------------------------------------------------------------------------------------------
// The floor: the deny set written out as sets and prefix lists, residue regexes behind a literal prefix check

function literalPrefix(source: string): string {
  let out = "";
  let i = source.startsWith("^") ? 1 : 0;
  while (i < source.length) {
    const c = source.charAt(i);
    if (c === "\\") {
      const e = source.charAt(i + 1);
      if (!/[.\\/^$*+?()[\]{}|-]/.test(e)) break;
      out += e;
      i += 2;
    } else if (/[[(.*+?{|$)]/.test(c)) break;
    else {
      out += c;
      i++;
    }
  }
  return /^[*+?{]/.test(source.charAt(i)) ? out.slice(0, -1) : out;
}

/** The floor's deny check for one set, built from the set's folded index (the data a person would write out). */
export function floorDeny(set: GlobSet): (vs: readonly string[]) => boolean {
  const ix: GlobIndex = set.folded?.include ?? (() => { throw new Error("no folded matchers"); })();
  const ex: GlobIndex = set.folded?.except ?? ix;
  const exact = new Set(Object.keys(ix.exact));
  const prefixes = Object.keys(ix.prefix);
  const basenames = new Set(Object.keys(ix.basename));
  const suffixes = Object.keys(ix.suffix);
  const bprefixes = Object.keys(ix.basename_prefix);
  const regexes = ix.regex.map((r) => ({ pre: literalPrefix(r.source), re: new RegExp(r.source) }));
  const exBase = new Set(Object.keys(ex.basename));
  const exSuffix = Object.keys(ex.suffix);
  // In default.route only `.env.*` and `id_*` patterns have excepts (`.env.example`…, `*.pub`).
  const excepted = (base: string) => exBase.has(base) || exSuffix.some((s) => base.endsWith(s));
  return (vs) => {
    for (const v of vs) {
      if (exact.has(v)) return true;
      for (const p of prefixes) if (v.startsWith(p) && (v.length === p.length || v.charCodeAt(p.length) === 47)) return true;
      const base = v.slice(v.lastIndexOf("/") + 1);
      if (basenames.has(base)) return true;
      for (const s of suffixes) if (base.endsWith(s)) return true;
      for (const b of bprefixes) if (base.startsWith(b) && !excepted(base)) return true;
      for (const r of regexes) if (v.startsWith(r.pre) && r.re.test(v)) return true;
    }
    return false;
  };
}

// ---------------------------------------------------------------------------------------------------------
// picomatch

/** Expands `{a,b}` alternatives (no nesting needed for std.secrets). */
export function expandBraces(glob: string): string[] {
  const open = glob.indexOf("{");
  if (open < 0) return [glob];
  const close = glob.indexOf("}", open);
  return glob
    .slice(open + 1, close)
    .split(",")
    .flatMap((alt) => expandBraces(glob.slice(0, open) + alt + glob.slice(close + 1)));
}

/** A routec glob as picomatch reads it: lowercased, and unanchored globs under an explicit `**​/`. */
function picoGlob(source: string): string {
  const g = source.toLowerCase();
  return g.startsWith("~/") || g.startsWith("/") || /^[a-z]:\//.test(g) || g.startsWith("**/") ? g : `**/${g}`;
}

interface Split {
  readonly plain: string[];
  readonly excepted: string[];
  readonly excepts: string[];
}

function split(set: GlobSet): Split {
  const plain: string[] = [];
  const excepted: string[] = [];
  for (const p of set.patterns) (p.excepts.length === 0 ? plain : excepted).push(picoGlob(p.source));
  return { plain, excepted, excepts: set.excepts.map(picoGlob) };
}

const PICO = { dot: true } as const;

/** One combined regex of picomatch `makeRe` sources (excepts as a second combined regex). */
export function combinedRegexDeny(set: GlobSet): (vs: readonly string[]) => boolean {
  const s = split(set);
  const combine = (globs: string[]) => new RegExp(globs.map((g) => `(?:${picomatch.makeRe(g, PICO).source})`).join("|"));
  const plain = combine(s.plain);
  const excepted = combine(s.excepted);
  const excepts = combine(s.excepts);
  return (vs) => vs.some((v) => plain.test(v) || (excepted.test(v) && !excepts.test(v)));
}

/** picomatch's precompiled matchers, one per glob. */
export function picomatchDeny(set: GlobSet): (vs: readonly string[]) => boolean {
  const s = split(set);
  const plain = s.plain.map((g) => picomatch(g, PICO));
  const excepted = s.excepted.map((g) => picomatch(g, PICO));
  const excepts = s.excepts.map((g) => picomatch(g, PICO));
  return (vs) => vs.some((v) => plain.some((m) => m(v)) || (excepted.some((m) => m(v)) && !excepts.some((m) => m(v))));
}
