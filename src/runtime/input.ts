/**
 * Hand-written validation of `routec.input/1` (the runtime takes no dependency on zod). It rejects exactly what
 * docs/semantics.md step 1 lists, and reports the first problem with its JSON path.
 */
import { INPUT_MISSING_FIELD, INPUT_NUMBER, INPUT_PATH, INPUT_SCHEMA, INPUT_TYPE, INPUT_UNKNOWN_FIELD, INPUT_VRAM } from "./codes.js";
import type { Input } from "./types.js";
import { Fault, isObj, own as has } from "./util.js";

/** The outcome of `validateInput`: the typed input, or the first problem with its code and JSON path. */
export type InputCheck = { readonly ok: true; readonly input: Input } | { readonly ok: false; readonly code: string; readonly message: string; readonly path: string };

type Obj = Readonly<Record<string, unknown>>;


function typeName(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "array" : typeof v;
}

// The fields each object may have (Sets built once: no array per call, no linear search per key).
const fields = (names: string): ReadonlySet<string> => new Set(names.split(" "));
const INPUT = fields("schema task files cwd home platform context_tokens tool_failures schema_mismatch runtime_errors vram");
const TASK = fields("id kind labels class");
const REF = fields("path real");
const VRAM = fields("gpus low_vram_mode");
const GPU = fields("index total_mib free_mib");

function object(v: unknown, path: string, allowed: ReadonlySet<string>): Obj {
  if (!isObj(v)) throw new Fault(`expected an object, found ${typeName(v)}`, INPUT_TYPE, path);
  for (const k of Object.keys(v)) {
    if (!allowed.has(k)) throw new Fault(`unknown field \`${k.slice(0, 64)}\``, INPUT_UNKNOWN_FIELD, `${path}.${k.slice(0, 64)}`);
  }
  return v as Obj;
}

function field(o: Obj, k: string, path: string): unknown {
  if (!has(o, k)) throw new Fault(`missing field \`${k}\``, INPUT_MISSING_FIELD, `${path}.${k}`);
  return o[k];
}

function string(v: unknown, path: string): string {
  if (typeof v !== "string") throw new Fault(`expected a string, found ${typeName(v)}`, INPUT_TYPE, path);
  return v;
}

function boolean(v: unknown, path: string): boolean {
  if (typeof v !== "boolean") throw new Fault(`expected a boolean, found ${typeName(v)}`, INPUT_TYPE, path);
  return v;
}

function number(v: unknown, path: string, integer: boolean): number {
  if (typeof v !== "number") throw new Fault(`expected a number, found ${typeName(v)}`, INPUT_TYPE, path);
  if (!Number.isFinite(v)) throw new Fault(`expected a finite number, found \`${String(v)}\``, INPUT_NUMBER, path);
  if (v < 0) throw new Fault(`expected a non-negative number, found \`${v}\``, INPUT_NUMBER, path);
  if (integer && !Number.isInteger(v)) throw new Fault(`expected a whole number, found \`${v}\``, INPUT_NUMBER, path);
  return v;
}

function array(v: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(v)) throw new Fault(`expected an array, found ${typeName(v)}`, INPUT_TYPE, path);
  return v;
}

function pathString(v: unknown, path: string): string {
  const s = string(v, path);
  if (s === "") throw new Fault("empty path", INPUT_PATH, path);
  if (s.includes("\0")) throw new Fault("path contains a nul byte", INPUT_PATH, path);
  return s;
}

function optional<T>(o: Obj, k: string, path: string, check: (v: unknown, p: string) => T): void {
  if (has(o, k)) check(o[k], `${path}.${k}`);
}

function checkInput(v: unknown): void {
  const o = object(v, "$", INPUT);
  if (has(o, "schema") && o["schema"] !== "routec.input/1") {
    throw new Fault(`unsupported input schema \`${String(o["schema"]).slice(0, 64)}\`, expected \`routec.input/1\``, INPUT_SCHEMA, "$.schema");
  }
  const task = object(field(o, "task", "$"), "$.task", TASK);
  string(field(task, "kind", "$.task"), "$.task.kind");
  // Paths of array items are built only for a bad item: most inputs have none.
  array(field(task, "labels", "$.task"), "$.task.labels").forEach((l, i) => typeof l === "string" || string(l, `$.task.labels[${i}]`));
  optional(task, "id", "$.task", string);
  optional(task, "class", "$.task", string);
  array(field(o, "files", "$"), "$.files").forEach((f, i) => {
    if (typeof f === "string" && f !== "" && !f.includes("\0")) return;
    const p = `$.files[${i}]`;
    if (typeof f === "string") return void pathString(f, p);
    const ref = object(f, p, REF);
    pathString(field(ref, "path", p), `${p}.path`);
    optional(ref, "real", p, pathString);
  });
  optional(o, "cwd", "$", pathString);
  optional(o, "home", "$", pathString);
  optional(o, "platform", "$", (p, at) => {
    if (p !== "linux" && p !== "darwin" && p !== "win32") throw new Fault("expected `linux`, `darwin` or `win32`", INPUT_TYPE, at);
  });
  number(field(o, "context_tokens", "$"), "$.context_tokens", true);
  number(field(o, "tool_failures", "$"), "$.tool_failures", true);
  boolean(field(o, "schema_mismatch", "$"), "$.schema_mismatch");
  optional(o, "runtime_errors", "$", (x, p) => number(x, p, true));
  const vram = field(o, "vram", "$");
  if (vram === null) return;
  const snap = object(vram, "$.vram", VRAM);
  optional(snap, "low_vram_mode", "$.vram", boolean);
  array(field(snap, "gpus", "$.vram"), "$.vram.gpus").forEach((g, i) => {
    const p = `$.vram.gpus[${i}]`;
    const gpu = object(g, p, GPU);
    number(field(gpu, "index", p), `${p}.index`, true);
    const total = number(field(gpu, "total_mib", p), `${p}.total_mib`, false);
    const free = number(field(gpu, "free_mib", p), `${p}.free_mib`, false);
    if (total === 0) throw new Fault("gpu reports `total_mib` 0", INPUT_VRAM, `${p}.total_mib`);
    if (free > total) throw new Fault(`gpu reports \`free_mib\` ${free} above \`total_mib\` ${total}`, INPUT_VRAM, `${p}.free_mib`);
  });
}

/** Checks that `input` is a valid `routec.input/1` value. Never throws. */
export function validateInput(input: unknown): InputCheck {
  try {
    checkInput(input);
    return { ok: true, input: input as Input };
  } catch (e) {
    if (e instanceof Fault) return { ok: false, code: e.code, message: e.message, path: e.path };
    // A hostile object (a throwing getter, a revoked proxy) is not valid input either.
    return { ok: false, code: INPUT_TYPE, message: "input could not be read", path: "$" };
  }
}
