/** Reading a `routec.probe/1` file from disk (`routec probe diff`, `routec check --probes`). */
import { readFileSync } from "node:fs";
import type { Result } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import { parseProbeResults } from "./results.js";
import type { ProbeResults } from "./schema.js";

/** Reads and validates the results file at `path`; `label` is how messages name it (the path as the user gave it). */
export function readProbeResultsFile(path: string, label: string): Result<ProbeResults> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : code || "unreadable";
    return { ok: false, diagnostics: [diagnostic("R0640", null, `cannot read probe results \`${label}\`: ${why}`)] };
  }
  return parseProbeResults(text, label);
}
