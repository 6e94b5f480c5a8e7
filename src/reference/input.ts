/**
 * Validation of `routec.input/1` as docs/semantics.md step 1 states it, written field by field. It returns the
 * first problem as a message; the reference interpreter turns it into an `input-error` decision.
 */
import type { FileRef, Input } from "../runtime/types.js";

type Check<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function unknownKey(record: Record<string, unknown>, allowed: readonly string[], where: string): string | null {
  const extra = Object.keys(record).find((key) => !allowed.includes(key));
  return extra === undefined ? null : `unknown field \`${where}${extra}\``;
}

function count(value: unknown, name: string): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return `\`${name}\` must be a finite number`;
  if (value < 0) return `\`${name}\` must not be negative`;
  if (!Number.isInteger(value)) return `\`${name}\` must be an integer`;
  return null;
}

function quantity(value: unknown, name: string): string | null {
  if (typeof value !== "number" || !Number.isFinite(value)) return `\`${name}\` must be a finite number`;
  return value < 0 ? `\`${name}\` must not be negative` : null;
}

function pathProblem(value: unknown, name: string): string | null {
  if (typeof value !== "string") return `\`${name}\` must be a string`;
  if (value === "") return `\`${name}\` must not be empty`;
  return value.includes("\u0000") ? `\`${name}\` contains a NUL byte` : null;
}

function fileProblem(file: unknown, index: number): string | null {
  const where = `files[${index}]`;
  if (typeof file === "string") return pathProblem(file, where);
  if (!isRecord(file)) return `\`${where}\` must be a path or an object with \`path\``;
  const extra = unknownKey(file, ["path", "real"], `${where}.`);
  if (extra) return extra;
  return pathProblem(file["path"], `${where}.path`) ?? (file["real"] === undefined ? null : pathProblem(file["real"], `${where}.real`));
}

function taskProblem(task: unknown): string | null {
  if (!isRecord(task)) return "`task` must be an object";
  const extra = unknownKey(task, ["id", "kind", "labels", "class"], "task.");
  if (extra) return extra;
  if (task["id"] !== undefined && typeof task["id"] !== "string") return "`task.id` must be a string";
  if (typeof task["kind"] !== "string") return "`task.kind` must be a string";
  const labels = task["labels"];
  if (!Array.isArray(labels) || labels.some((label) => typeof label !== "string")) return "`task.labels` must be a list of strings";
  if (task["class"] !== undefined && typeof task["class"] !== "string") return "`task.class` must be a string";
  return null;
}

function vramProblem(vram: unknown): string | null {
  if (vram === null) return null;
  if (!isRecord(vram)) return "`vram` must be an object or null";
  const extra = unknownKey(vram, ["gpus", "low_vram_mode"], "vram.");
  if (extra) return extra;
  if (vram["low_vram_mode"] !== undefined && typeof vram["low_vram_mode"] !== "boolean") return "`vram.low_vram_mode` must be a boolean";
  const gpus = vram["gpus"];
  if (!Array.isArray(gpus)) return "`vram.gpus` must be a list";
  for (const [index, gpu] of gpus.entries()) {
    const where = `vram.gpus[${index}]`;
    if (!isRecord(gpu)) return `\`${where}\` must be an object`;
    const extraGpu = unknownKey(gpu, ["index", "total_mib", "free_mib"], `${where}.`);
    if (extraGpu) return extraGpu;
    const problem = count(gpu["index"], `${where}.index`) ?? quantity(gpu["total_mib"], `${where}.total_mib`) ?? quantity(gpu["free_mib"], `${where}.free_mib`);
    if (problem) return problem;
    if (gpu["total_mib"] === 0) return `\`${where}.total_mib\` must not be 0`;
    if ((gpu["free_mib"] as number) > (gpu["total_mib"] as number)) return `\`${where}.free_mib\` exceeds \`total_mib\``;
  }
  return null;
}

const inputKeys = ["schema", "task", "files", "cwd", "home", "platform", "context_tokens", "tool_failures", "schema_mismatch", "runtime_errors", "vram"];

function inputProblem(input: unknown): string | null {
  if (!isRecord(input)) return "the input must be a JSON object";
  const extra = unknownKey(input, inputKeys, "");
  if (extra) return extra;
  if (input["schema"] !== undefined && input["schema"] !== "routec.input/1") return "`schema` must be `routec.input/1`";
  const files = input["files"];
  const problem =
    taskProblem(input["task"]) ??
    (Array.isArray(files) ? files.map(fileProblem).find((p) => p !== null) ?? null : "`files` must be a list") ??
    (input["cwd"] === undefined ? null : pathProblem(input["cwd"], "cwd")) ??
    (input["home"] === undefined ? null : pathProblem(input["home"], "home")) ??
    (input["platform"] === undefined || ["linux", "darwin", "win32"].includes(input["platform"] as string) ? null : "`platform` must be `linux`, `darwin` or `win32`") ??
    count(input["context_tokens"], "context_tokens") ??
    count(input["tool_failures"], "tool_failures") ??
    (typeof input["schema_mismatch"] === "boolean" ? null : "`schema_mismatch` must be a boolean") ??
    (input["runtime_errors"] === undefined ? null : count(input["runtime_errors"], "runtime_errors"));
  if (problem) return problem;
  return "vram" in input ? vramProblem(input["vram"]) : "`vram` is required (null when unknown)";
}

/** Checks an input against `routec.input/1`; on success the value is typed, else the message says what is wrong. */
export function validateInput(input: unknown): Check<Input> {
  const problem = inputProblem(input);
  return problem === null ? { ok: true, value: input as Input } : { ok: false, message: problem };
}

/** The path and the optional real path of a file reference. */
export function fileSpellings(file: FileRef): readonly string[] {
  return typeof file === "string" ? [file] : file.real === undefined ? [file.path] : [file.path, file.real];
}
