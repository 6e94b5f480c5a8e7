import type { Diagnostic } from "../../src/diagnostics/diagnostic.js";
import { checkProgram } from "../../src/check/index.js";
import type { CheckedPolicy } from "../../src/check/index.js";
import { loadProgram, memoryHost } from "../../src/syntax/index.js";

/** The outcome of loading and checking in-memory files, starting at `main.route`. */
export interface Checked {
  readonly policy: CheckedPolicy | null;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: Readonly<Record<string, string>>;
}

/** Loads and checks `main.route` (and the other given files it includes). */
export function checkFiles(files: Readonly<Record<string, string>>, entry = "main.route"): Checked {
  const loaded = loadProgram(entry, memoryHost(files));
  if (!loaded.ok) return { policy: null, diagnostics: loaded.diagnostics, sources: files };
  const checked = checkProgram(loaded.value);
  return { policy: checked.ok ? checked.value : null, diagnostics: checked.diagnostics, sources: loaded.value.sources };
}

/** Loads and checks one policy text. */
export function checkText(text: string): Checked {
  return checkFiles({ "main.route": text });
}

/** The text under a diagnostic's span. */
export function underlined(result: Checked, d: Diagnostic): string {
  if (d.span === null) return "";
  return result.sources[d.span.file]?.slice(d.span.start.offset, d.span.end.offset) ?? "";
}

/** Code and underlined text of every diagnostic, for compact assertions. */
export function summary(result: Checked): { code: string; text: string }[] {
  return result.diagnostics.map((d) => ({ code: d.code, text: underlined(result, d) }));
}

/** A small valid policy that tests vary by replacing parts of it. */
export const base = `policy "base" version 1

runtime ollama { endpoint "http://127.0.0.1:11434" }
runtime vllm { endpoint "http://127.0.0.1:8000" enabled false }

model "qwen2.5:7b-instruct" on ollama { context 32k tools yes vram 5.4GiB cost 0 }
model "llama3.1:latest" on ollama { context 128k tools yes vram 6.2GiB }
model "phi3:latest" on ollama { context 4k tools no vram 2.3GiB }

remote claude { model "claude-sonnet-4-5" }

class L1 "routine" { max_context 32k tools required }
class L3 "security" { local never }

classify {
  label in [security] -> L3
  otherwise -> L1
}

deny secrets "secrets" {
  use std.secrets
  "**/.env" except "**/.env.example"
}

vram {
  critical when free < 10% or free < 1GiB
  unknown as critical
}

escalate {
  denied path -> claude "sensitive path"
  vram critical -> claude
}

route L1 -> "qwen2.5:7b-instruct", "llama3.1:latest" else claude
route L3 -> claude

on error -> claude

assert "secrets stay remote": denied path => target is remote
`;
