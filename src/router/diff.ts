/** Line diffs of config versions in unified format, and config redaction for showing them. */
import type { SecretFinding } from "../sanitize/index.js";
import { findSecrets, isEnvReference, redactionMarker } from "../sanitize/index.js";
import { isLoopbackHost, urlHost } from "./config.js";
import type { JsonNode } from "./json.js";
import { parseJson5 } from "./json.js";

/** Keys whose string values are secrets in a claude-code-router config, whatever they look like (`sk-123`). */
const secretKeys = new Set(["api_key", "APIKEY", "apiKey", "apikey"]);

interface Range {
  readonly start: number;
  readonly end: number;
}

/**
 * The spans of secret-keyed string values (env references excepted) anywhere in a JSON5 text, and apart from them
 * the `api_key` values that are no secret: a provider on a loopback address needs no key (Ollama and vLLM ignore
 * it), and `ollama` is Ollama's documented placeholder. Redacting those would hide what a diff changes.
 */
function keyValueRanges(text: string): { secret: Range[]; open: Range[] } {
  const parsed = parseJson5(text, "");
  if (!parsed.ok) return { secret: [], open: [] };
  const secret: Range[] = [];
  const open: Range[] = [];
  const visit = (node: JsonNode): void => {
    if (node.kind === "array") node.items.forEach(visit);
    if (node.kind !== "object") return;
    const base = node.members.find((m) => m.key === "api_base_url")?.value;
    const host = base?.kind === "string" ? urlHost(base.value) : null;
    const local = host !== null && isLoopbackHost(host);
    for (const m of node.members) {
      if (secretKeys.has(m.key) && m.value.kind === "string" && m.value.value !== "" && !isEnvReference(m.value.value)) {
        // Inside the quotes, so the result stays valid JSON5.
        const range = { start: m.value.span.start.offset + 1, end: m.value.span.end.offset - 1 };
        (m.key === "api_key" && (local || m.value.value.toLowerCase() === "ollama") ? open : secret).push(range);
      }
      visit(m.value);
    }
  };
  visit(parsed.root);
  return { secret, open };
}

/** Secrets in `text` by their format or name, except a name-only finding inside a key that is no secret. */
function findingsOutside(text: string, open: readonly Range[]): SecretFinding[] {
  return findSecrets(text).filter((f) => f.kind !== "secret-assignment" || !open.some((r) => r.start <= f.start && f.end <= r.end));
}

/**
 * A config text with API-key values and every other secret replaced by `[REDACTED:<kind>]` markers; the keys of
 * loopback providers and Ollama's `ollama` placeholder are shown unless they look like a real key (`sk-ant-…`).
 */
export function redactConfigText(text: string): string {
  let out = text;
  for (const r of keyValueRanges(text).secret.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + redactionMarker("secret-assignment") + out.slice(r.end);
  let redacted = "";
  let at = 0;
  for (const f of findingsOutside(out, keyValueRanges(out).open)) {
    redacted += out.slice(at, f.start) + redactionMarker(f.kind);
    at = f.end;
  }
  return redacted + out.slice(at);
}

/** A config text with secrets masked by `*` of the same length, so source spans still line up (for diagnostics). */
export function maskConfigText(text: string): string {
  // Offsets are UTF-16 code units, so mask code units.
  const units = text.split("");
  const { secret, open } = keyValueRanges(text);
  for (const r of [...secret, ...findingsOutside(text, open)]) {
    for (let i = r.start; i < r.end; i++) if (units[i] !== "\n") units[i] = "*";
  }
  return units.join("");
}

type Op = { readonly kind: " " | "-" | "+"; readonly line: string };

/** The shortest edit script between two line lists (Myers' O(ND) algorithm). */
function editScript(a: readonly string[], b: readonly string[]): Op[] {
  const max = a.length + b.length;
  const offset = max + 1;
  const v = new Array<number>(2 * max + 3).fill(0);
  const trace: number[][] = [];
  let found = false;
  for (let d = 0; d <= max && !found; d++) {
    trace.push([...v]);
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[offset + k - 1] ?? 0) < (v[offset + k + 1] ?? 0));
      let x = down ? (v[offset + k + 1] ?? 0) : (v[offset + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < a.length && y < b.length && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= a.length && y >= b.length) {
        found = true;
        break;
      }
    }
  }
  const ops: Op[] = [];
  let x = a.length;
  let y = b.length;
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d] ?? [];
    const k = x - y;
    const down = k === -d || (k !== d && (vd[offset + k - 1] ?? 0) < (vd[offset + k + 1] ?? 0));
    const prevK = down ? k + 1 : k - 1;
    const prevX = vd[offset + prevK] ?? 0;
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      x--;
      y--;
      ops.push({ kind: " ", line: a[x] ?? "" });
    }
    if (d > 0) {
      if (down) ops.push({ kind: "+", line: b[--y] ?? "" });
      else ops.push({ kind: "-", line: a[--x] ?? "" });
    }
  }
  return ops.reverse();
}

function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** A unified diff (`---`/`+++`, `@@` hunks with `context` lines); empty when the texts are equal. */
export function unifiedDiff(before: string, after: string, beforeLabel: string, afterLabel: string, context = 3): string {
  const ops = editScript(splitLines(before), splitLines(after));
  if (ops.every((op) => op.kind === " ")) return "";
  const out = [`--- ${beforeLabel}`, `+++ ${afterLabel}`];
  const changed = ops.map((op, i) => (op.kind === " " ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    const first = changed[i] ?? 0;
    let last = first;
    while (i + 1 < changed.length && (changed[i + 1] ?? 0) - last <= 2 * context + 1) last = changed[++i] ?? last;
    i++;
    const from = Math.max(0, first - context);
    const to = Math.min(ops.length, last + context + 1);
    const before0 = ops.slice(0, from).filter((op) => op.kind !== "+").length;
    const after0 = ops.slice(0, from).filter((op) => op.kind !== "-").length;
    const hunk = ops.slice(from, to);
    const aCount = hunk.filter((op) => op.kind !== "+").length;
    const bCount = hunk.filter((op) => op.kind !== "-").length;
    out.push(`@@ -${aCount === 0 ? before0 : before0 + 1},${aCount} +${bCount === 0 ? after0 : after0 + 1},${bCount} @@`);
    for (const op of hunk) out.push(`${op.kind}${op.line}`);
  }
  return `${out.join("\n")}\n`;
}
