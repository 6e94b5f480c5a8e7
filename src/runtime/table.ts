/**
 * Structural validation and preparation of a `routec.table/1`, once per table object (cached in a WeakMap;
 * tables are treated as immutable). A table that fails here is never evaluated: the decision is `on error`.
 */
import { compileIndex } from "./globs.js";
import type { CompiledSet } from "./globs.js";
import type { GlobMatchers, Table, TargetRule } from "./types.js";
import { Fault, isObj, own } from "./util.js";

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

const cache = new WeakMap<object, Prep>();

type Rec = Readonly<Record<string, unknown>>;

const str = (v: unknown): boolean => typeof v === "string";
const num = (v: unknown): boolean => typeof v === "number" && Number.isFinite(v);
const bool = (v: unknown): boolean => typeof v === "boolean";
const strs = (v: unknown): boolean => Array.isArray(v) && v.every(str);
const ints = (v: unknown): boolean => Array.isArray(v) && v.every((n) => Number.isInteger(n));
const nullOr = (v: unknown, ok: (v: unknown) => boolean): boolean => v === null || ok(v);

/** Fails with "bad `what`" unless `ok`. */
function need(ok: boolean, what: string): void {
  if (!ok) throw new Fault(`bad \`${what}\``);
}

function rec(v: unknown, what: string): Rec {
  need(isObj(v), what);
  return v as Rec;
}

function arr(v: unknown, what: string): readonly unknown[] {
  need(Array.isArray(v), what);
  return v as readonly unknown[];
}

/** Each value of the record `v` as an object, checked by `ok`. */
function each(v: unknown, what: string, ok: (o: Rec) => boolean): Rec {
  const r = rec(v, what);
  for (const k of Object.keys(r)) need(isObj(r[k]) && ok(r[k] as Rec), `${what}.${k}`);
  return r;
}

interface Names {
  readonly sets: Rec;
  readonly levels: ReadonlySet<string>;
}

const NUMERIC = "context files tool_failures runtime_errors free_pct free_mib largest_free_mib fragmentation_pct total_mib".split(" ");

function cond(c: unknown, names: Names, at: string): void {
  const o = rec(c, at);
  const op = o["op"];
  const f = o["feature"];
  if (op === "and" || op === "or") return arr(o["args"], at).forEach((a) => cond(a, names, at));
  if (op === "not") return cond(o["arg"], names, at);
  need(
    op === "true" ||
      op === "false" ||
      (op === "cmp" && NUMERIC.includes(f as string) && ["<", "<=", ">", ">=", "==", "!="].includes(o["cmp"] as string) && num(o["value"])) ||
      (op === "in" && (f === "kind" || f === "hint" || f === "class") && strs(o["values"])) ||
      (op === "label" && strs(o["values"])) ||
      (op === "files" && (o["quantifier"] === "any" || o["quantifier"] === "all") && own(names.sets, o["set"])) ||
      (op === "denied" && (o["set"] === null || own(names.sets, o["set"]))) ||
      (op === "vram" && names.levels.has(o["level"] as string)) ||
      (op === "flag" && (f === "schema_mismatch" || f === "low_vram_mode")),
    `condition in ${at}`,
  );
}

function target(t: unknown, table: Rec, at: string): void {
  const o = rec(t, at);
  const isRemote = (n: unknown): boolean => own(table["remotes"] as Rec, n);
  const isModel = (n: unknown): boolean => own(table["models"] as Rec, n);
  if (o["kind"] === "remote") return need(isRemote(o["remote"]), `target of ${at}`);
  need(
    (o["kind"] === "local" && arr(o["candidates"], at).every(isModel)) || (o["kind"] === "synthesis" && arr(o["draft"], at).every(isModel) && isRemote(o["review"])),
    `target of ${at}`,
  );
  if (o["fallback"] !== null) target(o["fallback"], table, at);
}

function index(v: unknown, at: string): void {
  const o = rec(v, at);
  for (const k of ["exact", "prefix", "basename", "suffix", "basename_prefix", "segment"]) {
    const m = rec(o[k], `${at}.${k}`);
    for (const key of Object.keys(m)) need(ints(m[key]), `${at}.${k}`);
  }
  for (const r of arr(o["regex"], `${at}.regex`)) need(isObj(r) && str(r["source"]) && ints(r["ids"]), `${at}.regex`);
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
  need(o["schema"] === "routec.table/1" && str(o["sha256"]), "schema");
  const policy = rec(o["policy"], "policy");
  need(str(policy["name"]) && nullOr(policy["version"], num), "policy");
  const options = rec(o["options"], "options");
  need(["insensitive", "sensitive", "platform"].includes(options["case"] as string) && bool(options["redact_denied"]), "options");
  const runtimes = each(o["runtimes"], "runtimes", (r) => bool(r["enabled"]));
  each(o["models"], "models", (m) => own(runtimes, m["runtime"]) && num(m["context"]) && bool(m["tools"]) && num(m["vram_mib"]));
  each(o["remotes"], "remotes", (r) => str(r["model"]));
  const classes = each(o["classes"], "classes", (c) => nullOr(c["max_context"], num) && bool(c["tools_required"]) && bool(c["local_allowed"]));
  const globsets = each(o["globsets"], "globsets", (g) => {
    const excepts = arr(g["excepts"], "excepts");
    for (const p of arr(g["patterns"], "patterns")) need(isObj(p) && str(p["source"]) && ints(p["excepts"]) && (p["excepts"] as number[]).every((e) => e >= 0 && e < excepts.length), "patterns");
    for (const mode of ["folded", "exact"]) {
      if (g[mode] === null) continue;
      const m = rec(g[mode], mode);
      index(m["include"], `${mode}.include`);
      index(m["except"], `${mode}.except`);
    }
    return g["kind"] === "deny" || g["kind"] === "match";
  });
  const vram = rec(o["vram"], "vram");
  const levels = arr(vram["levels"], "vram.levels");
  const levelNames = new Set<string>(["ok"]);
  for (const l of levels) {
    need(isObj(l) && str(l["name"]) && str(l["id"]), "vram.levels");
    levelNames.add((l as Rec)["name"] as string);
  }
  need(levelNames.has(vram["unknown"] as string) && (vram["low_vram_mode"] === null || levelNames.has(vram["low_vram_mode"] as string)), "vram");
  const names: Names = { sets: globsets, levels: levelNames };
  for (const l of levels) cond((l as Rec)["when"], names, "vram");
  for (const r of arr(o["classify"], "classify")) {
    const rule = rec(r, "classify");
    need(str(rule["id"]) && own(classes, rule["then"]), "classify");
    cond(rule["when"], names, rule["id"] as string);
  }
  for (const r of arr(o["escalate"], "escalate")) {
    const rule = rec(r, "escalate");
    need(str(rule["id"]) && str(rule["reason"]), "escalate");
    cond(rule["when"], names, rule["id"] as string);
    target(rule["target"], o, rule["id"] as string);
  }
  const routes = rec(o["routes"], "routes");
  for (const k of Object.keys(classes)) {
    need(own(routes, k) && isObj(routes[k]) && str((routes[k] as Rec)["id"]), `routes.${k}`);
    target((routes[k] as Rec)["target"], o, `routes.${k}`);
  }
  const onError = rec(o["on_error"], "on_error");
  need(str(onError["id"]), "on_error");
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
  need((mode === "sensitive" || folded !== null) && (mode === "insensitive" || exact !== null), "globsets: matchers for the case mode");
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
    result = { ok: false, message: e instanceof Fault ? e.message : `the table could not be read: ${e instanceof Error ? e.message : "unknown fault"}` };
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

