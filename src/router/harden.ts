/**
 * `router harden`: fixes, in the text of the config, what validation flags and a machine can fix safely. Edits
 * replace only the offending values, so comments, order and formatting survive.
 */
import type { Diagnostic, Result } from "../diagnostics/diagnostic.js";
import type { RouterValidationHost } from "./config.js";
import { analyzeRouterConfig, envVarNameFor, exposedHost, plaintextKeys } from "./config.js";

/** One change harden made, in words (never including a secret). */
export interface HardenChange {
  readonly pointer: string;
  readonly description: string;
}

/** An environment variable the hardened config now expects. */
export interface RequiredEnvVar {
  readonly name: string;
  /** Whose key it holds: a provider name, or `APIKEY`. */
  readonly holds: string;
}

/** The hardened config text, what changed, and the variables the user must now set. */
export interface Hardened {
  readonly text: string;
  readonly changes: readonly HardenChange[];
  readonly envVars: readonly RequiredEnvVar[];
  /** Diagnostics of the original config (harden fixes some of them). */
  readonly diagnostics: readonly Diagnostic[];
}

interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Computes the hardened config: HOST bound to 127.0.0.1 when unprotected, plaintext keys moved to `$VAR`s. */
export function hardenRouterConfig(text: string, file: string, host: RouterValidationHost): Result<Hardened> {
  const analysis = analyzeRouterConfig(text, file, host);
  const root = analysis.root;
  if (root === null || root.kind !== "object") return { ok: false, diagnostics: analysis.diagnostics };
  const edits: Edit[] = [];
  const changes: HardenChange[] = [];
  const envVars: RequiredEnvVar[] = [];
  const exposed = exposedHost(root, host.env);
  if (exposed !== undefined) {
    edits.push({ start: exposed.span.start.offset, end: exposed.span.end.offset, text: '"127.0.0.1"' });
    changes.push({ pointer: "/HOST", description: `bound to 127.0.0.1 (was \`${exposed.value}\` without an APIKEY)` });
  }
  const taken = new Set<string>();
  for (const key of plaintextKeys(root)) {
    let name = envVarNameFor(key.provider);
    for (let n = 2; taken.has(name); n++) name = `${envVarNameFor(key.provider)}_${n}`;
    taken.add(name);
    edits.push({ start: key.node.span.start.offset, end: key.node.span.end.offset, text: JSON.stringify(`$${name}`) });
    const pointer = key.path.map((p) => `/${String(p)}`).join("");
    changes.push({ pointer, description: `plaintext key replaced by \`$${name}\`` });
    envVars.push({ name, holds: key.provider ?? "APIKEY" });
  }
  let out = text;
  for (const edit of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return { ok: true, value: { text: out, changes, envVars, diagnostics: analysis.diagnostics }, diagnostics: [] };
}
