/**
 * Structural validation and preparation of a `routec.table/1`, once per table object (cached in a WeakMap;
 * tables are treated as immutable). A table that fails here is never evaluated: the decision is `on error`.
 */
import { compileIndex } from "./globs.js";
import type { CompiledSet } from "./globs.js";
import type { GlobIndex, GlobMatchers, Table, TargetRule } from "./types.js";

/** A table checked to have every field the runtime reads, with its glob sets compiled per case mode. */
export interface Prepared {
  readonly table: Table;
  /** Compiled sets in name order, for folded and for exact matching (null when the table lacks that mode). */
  readonly folded: readonly CompiledSet[] | null;
  readonly exact: readonly CompiledSet[] | null;
  /** VRAM level name → severity rank (0 most severe; `ok` and unlisted levels rank last). */
  readonly rank: ReadonlyMap<string, number>;
}

export type Prep = { readonly ok: true; readonly prepared: Prepared } | { readonly ok: false; readonly message: string };

class Bad {
  constructor(readonly message: string) {}
}

const cache = new WeakMap<object, Prep>();

const isObj = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === "object" && v !== null && !Array.isArray(v);
const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

function need(ok: boolean, what: string): void {
  if (!ok) throw new Bad(what);
}

function rec(v: unknown, what: string): Readonly<Record<string, unknown>> {
  need(isObj(v), `\`${what}\` is not an object`);
  return v as Readonly<Record<string, unknown>>;
}

function arr(v: unknown, what: string): readonly unknown[] {
  need(Array.isArray(v), `\`${what}\` is not an array`);
  return v as readonly unknown[];
}

const str = (v: unknown): boolean => typeof v === "string";
const num = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);
const strs = (v: unknown): boolean => Array.isArray(v) && v.every(str);

interface Names {
  readonly sets: ReadonlySet<string>;
  readonly levels: ReadonlySet<string>;
}

const NUMERIC = ["context", "files", "tool_failures", "runtime_errors", "free_pct", "free_mib", "largest_free_mib", "fragmentation_pct", "total_mib"];
const CMP = ["<", "<=", ">", ">=", "==", "!="];

function cond(c: unknown, names: Names, at: string): void {
  const o = rec(c, at);
  switch (o["op"]) {
    case "true":
    case "false":
      return;
    case "and":
    case "or":
      return arr(o["args"], at).forEach((a) => cond(a, names, at));
    case "not":
      return cond(o["arg"], names, at);
    case "cmp":
      return need(NUMERIC.includes(o["feature"] as string) && CMP.includes(o["cmp"] as string) && num(o["value"]), `bad comparison in \`${at}\``);
    case "in":
      return need(["kind", "hint", "class"].includes(o["feature"] as string) && strs(o["values"]), `bad membership in \`${at}\``);
    case "label":
      return need(strs(o["values"]), `bad label condition in \`${at}\``);
    case "files":
      return need((o["quantifier"] === "any" || o["quantifier"] === "all") && names.sets.has(o["set"] as string), `unknown glob set in \`${at}\``);
    case "denied":
      return need(o["set"] === null || names.sets.has(o["set"] as string), `unknown deny set in \`${at}\``);
    case "vram":
      return need(names.levels.has(o["level"] as string), `unknown vram level in \`${at}\``);
    case "flag":
      return need(o["feature"] === "schema_mismatch" || o["feature"] === "low_vram_mode", `bad flag in \`${at}\``);
    default:
      throw new Bad(`unknown condition in \`${at}\``);
  }
}

function target(t: unknown, table: Readonly<Record<string, unknown>>, at: string): void {
  const o = rec(t, at);
  const remotes = rec(table["remotes"], "remotes");
  const models = rec(table["models"], "models");
  const isRemote = (n: unknown): boolean => str(n) && own(remotes, n as string);
  const isModel = (n: unknown): boolean => str(n) && own(models, n as string);
  if (o["kind"] === "remote") return need(isRemote(o["remote"]), `unknown remote in \`${at}\``);
  if (o["kind"] === "local") need(arr(o["candidates"], at).every(isModel), `unknown model in \`${at}\``);
  else if (o["kind"] === "synthesis") need(arr(o["draft"], at).every(isModel) && isRemote(o["review"]), `bad synthesis in \`${at}\``);
  else throw new Bad(`unknown target in \`${at}\``);
  if (o["fallback"] !== null) target(o["fallback"], table, at);
}

function index(v: unknown, at: string): GlobIndex {
  const o = rec(v, at);
  for (const k of ["exact", "prefix", "basename", "suffix", "basename_prefix", "segment"]) {
    const m = rec(o[k], `${at}.${k}`);
    for (const key of Object.keys(m)) need(Array.isArray(m[key]) && (m[key] as unknown[]).every((n) => Number.isInteger(n)), `bad ids in \`${at}.${k}\``);
  }
  for (const r of arr(o["regex"], `${at}.regex`)) need(isObj(r) && str(r["source"]) && Array.isArray(r["ids"]), `bad regex in \`${at}\``);
  return o as unknown as GlobIndex;
}

function compileSets(table: Table, mode: "folded" | "exact"): CompiledSet[] | null {
  const out: CompiledSet[] = [];
  for (const name of Object.keys(table.globsets).sort()) {
    const set = table.globsets[name];
    if (set === undefined) continue;
    const m: GlobMatchers | null = set[mode];
    if (m === null) return null;
    out.push({ name, set, include: compileIndex(m.include), except: compileIndex(m.except) });
  }
  return out;
}

function check(t: unknown): Prepared {
  const o = rec(t, "table");
  need(o["schema"] === "routec.table/1", "`schema` is not `routec.table/1`");
  need(str(o["sha256"]), "`sha256` is missing");
  const policy = rec(o["policy"], "policy");
  need(str(policy["name"]) && (policy["version"] === null || num(policy["version"])), "bad `policy`");
  const options = rec(o["options"], "options");
  need(["insensitive", "sensitive", "platform"].includes(options["case"] as string) && typeof options["redact_denied"] === "boolean", "bad `options`");
  const runtimes = rec(o["runtimes"], "runtimes");
  for (const k of Object.keys(runtimes)) need(isObj(runtimes[k]) && typeof rec(runtimes[k], k)["enabled"] === "boolean", `bad runtime \`${k}\``);
  const models = rec(o["models"], "models");
  for (const k of Object.keys(models)) {
    const m = rec(models[k], k);
    need(own(runtimes, m["runtime"] as string) && num(m["context"]) && typeof m["tools"] === "boolean" && num(m["vram_mib"]), `bad model \`${k}\``);
  }
  const remotes = rec(o["remotes"], "remotes");
  for (const k of Object.keys(remotes)) need(str(rec(remotes[k], k)["model"]), `bad remote \`${k}\``);
  const classes = rec(o["classes"], "classes");
  for (const k of Object.keys(classes)) {
    const c = rec(classes[k], k);
    need((c["max_context"] === null || num(c["max_context"])) && typeof c["tools_required"] === "boolean" && typeof c["local_allowed"] === "boolean", `bad class \`${k}\``);
  }
  const globsets = rec(o["globsets"], "globsets");
  for (const k of Object.keys(globsets)) {
    const g = rec(globsets[k], k);
    need(g["kind"] === "deny" || g["kind"] === "match", `bad kind of glob set \`${k}\``);
    const excepts = arr(g["excepts"], `${k}.excepts`);
    for (const p of arr(g["patterns"], `${k}.patterns`)) {
      need(isObj(p) && str(p["source"]) && Array.isArray(p["excepts"]) && p["excepts"].every((e) => Number.isInteger(e) && e >= 0 && e < excepts.length), `bad pattern in \`${k}\``);
    }
    for (const mode of ["folded", "exact"]) {
      if (g[mode] === null) continue;
      const m = rec(g[mode], `${k}.${mode}`);
      index(m["include"], `${k}.${mode}.include`);
      index(m["except"], `${k}.${mode}.except`);
    }
  }
  const vram = rec(o["vram"], "vram");
  const levels = arr(vram["levels"], "vram.levels");
  const levelNames = new Set<string>(["ok"]);
  for (const l of levels) {
    need(isObj(l) && str(l["name"]) && str(l["id"]), "bad vram level");
    levelNames.add((l as Record<string, string>)["name"] ?? "");
  }
  need(str(vram["unknown"]) && levelNames.has(vram["unknown"] as string), "bad `vram.unknown`");
  need(vram["low_vram_mode"] === null || levelNames.has(vram["low_vram_mode"] as string), "bad `vram.low_vram_mode`");
  const names: Names = { sets: new Set(Object.keys(globsets)), levels: levelNames };
  for (const l of levels) cond((l as Record<string, unknown>)["when"], names, "vram");
  for (const r of arr(o["classify"], "classify")) {
    const rule = rec(r, "classify");
    need(str(rule["id"]) && own(classes, rule["then"] as string), "bad classify rule");
    cond(rule["when"], names, rule["id"] as string);
  }
  for (const r of arr(o["escalate"], "escalate")) {
    const rule = rec(r, "escalate");
    need(str(rule["id"]) && str(rule["reason"]), "bad escalate rule");
    cond(rule["when"], names, rule["id"] as string);
    target(rule["target"], o, rule["id"] as string);
  }
  const routes = rec(o["routes"], "routes");
  for (const k of Object.keys(classes)) {
    need(own(routes, k), `no route for class \`${k}\``);
    const r = rec(routes[k], k);
    need(str(r["id"]), `bad route for class \`${k}\``);
    target(r["target"], o, r["id"] as string);
  }
  const onError = rec(o["on_error"], "on_error");
  need(str(onError["id"]), "bad `on_error`");
  target(onError["target"], o, "on_error");
  rec(o["source_map"], "source_map");
  const table = o as unknown as Table;
  const rank = new Map<string, number>();
  table.vram.levels.forEach((l, i) => {
    if (!rank.has(l.name)) rank.set(l.name, i);
  });
  if (!rank.has("ok")) rank.set("ok", table.vram.levels.length);
  const folded = compileSets(table, "folded");
  const exact = compileSets(table, "exact");
  const mode = table.options.case;
  need(mode === "sensitive" || folded !== null, "the table has no folded matchers for its case mode");
  need(mode === "insensitive" || exact !== null, "the table has no case-sensitive matchers for its case mode");
  return { table, folded, exact, rank };
}

/** Validates and prepares `table` once; later calls with the same object reuse the result. Never throws. */
export function prepare(table: unknown): Prep {
  if (typeof table !== "object" || table === null) return { ok: false, message: "the table is not an object" };
  const hit = cache.get(table);
  if (hit !== undefined) return hit;
  let result: Prep;
  try {
    result = { ok: true, prepared: check(table) };
  } catch (e) {
    result = { ok: false, message: e instanceof Bad ? e.message : `the table could not be read: ${e instanceof Error ? e.message : "unknown fault"}` };
  }
  cache.set(table, result);
  return result;
}

/** Reads `table.on_error` without trusting the table: the first remote on its fallback chain, or null. */
export function onErrorRemote(table: unknown): { readonly rule: string; readonly remote: string; readonly model: string } | null {
  try {
    if (!isObj(table)) return null;
    const onError = table["on_error"];
    const remotes = table["remotes"];
    if (!isObj(onError) || !isObj(remotes)) return null;
    let t: unknown = onError["target"];
    for (let depth = 0; depth < 64 && isObj(t); depth++) {
      const tr = t as unknown as TargetRule;
      if (tr.kind === "remote") {
        const info = own(remotes, tr.remote) ? remotes[tr.remote] : undefined;
        const model = isObj(info) ? info["model"] : undefined;
        return typeof model === "string" ? { rule: typeof onError["id"] === "string" ? onError["id"] : "on_error", remote: tr.remote, model } : null;
      }
      t = tr.fallback;
    }
    return null;
  } catch {
    return null;
  }
}

