/**
 * The entry bundled (by scripts/bundle-embed.mjs) into `dist/embed/ccr-runtime.cjs`: everything a generated CCR
 * module needs besides its table. Node-specific: it reads telemetry written by `routec vram --json`.
 */
import { readFileSync, statSync } from "node:fs";
import { homedir } from "node:os";
import type { Table, VramSnapshot } from "../runtime/types.js";
import { ccrInput, createCcrRouter } from "./ccr.js";
import type { CcrOptions } from "./ccr.js";

/** Reads `ROUTEC_VRAM_FILE` (JSON from `routec vram --json`); unknown when unset, missing, stale or unreadable. */
function vramFromFile(path: string | undefined, maxAgeMs: number): () => VramSnapshot | null {
  return () => {
    if (path === undefined || path === "") return null;
    try {
      const parsed: unknown = JSON.parse(readFileSync(path, "utf8"));
      if (maxAgeMs > 0) {
        if (Date.now() - statSync(path).mtimeMs > maxAgeMs) return null;
      }
      return typeof parsed === "object" && parsed !== null ? (parsed as VramSnapshot) : null;
    } catch {
      return null;
    }
  };
}

/** Builds the router function CCR calls, for the embedded table. */
export function ccrRouter(table: Table, options: CcrOptions): (req: unknown, config?: unknown) => Promise<string> {
  const env = {
    home: process.env["HOME"] ?? process.env["USERPROFILE"] ?? homedir(),
    vram: vramFromFile(process.env["ROUTEC_VRAM_FILE"], Number(process.env["ROUTEC_VRAM_MAX_AGE_MS"] ?? 60_000)),
  };
  const router = createCcrRouter(table, options, env);
  return Object.assign(router, { routecInput: (req: unknown) => ccrInput(req, options, env) });
}
