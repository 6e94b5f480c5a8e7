/**
 * `--format sarif`: SARIF 2.1.0 for code scanning (GitHub uploads it with `github/codeql-action/upload-sarif`).
 * Rules come from the registry with the code as `ruleId`; regions use 1-based lines and UTF-16 columns; URIs are
 * relative to `%SRCROOT%` (`file:` URIs outside it); `partialFingerprints` hash the code, the file and the normalized text under the span, so
 * an alert survives edits elsewhere in the file and a re-upload does not duplicate it.
 */
import type { Diagnostic, Span } from "../diagnostic.js";
import type { CodeInfo } from "../codes/code.js";
import { lookupCode } from "../registry.js";
import type { Sources } from "./source.js";
import { displayPath, spanText } from "./source.js";

export interface SarifOptions {
  readonly toolVersion: string;
  /** Paths are made relative to this directory (the repository root). */
  readonly root?: string;
}

const levels = { error: "error", warning: "warning", info: "note" } as const;

/** The fingerprint key; versioned so a change of the recipe shows up as new alerts rather than mismatches. */
export const fingerprintKey = "routecFingerprint/v1";

/** FNV-1a, 64-bit: a stable, dependency-free hash (the core uses no Node APIs, so no `crypto`). */
export function fnv1a64(text: string): string {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, "0");
}

/** A path as a URI path: every segment percent-encoded (`encodeURI` keeps `#` and `?`, which would cut the path). */
function uriPath(path: string): string {
  return path.split("/").map((segment) => (/^[A-Za-z]:$/.test(segment) ? segment : encodeURIComponent(segment))).join("/");
}

/** A relative path is a URI reference under `%SRCROOT%`; a path outside the root becomes a `file:` URI. */
function artifactLocation(path: string, root: string | undefined): Record<string, string> {
  const shown = displayPath(path, root);
  if (shown.startsWith("/")) return { uri: `file://${uriPath(shown)}` };
  if (/^[A-Za-z]:\//.test(shown)) return { uri: `file:///${uriPath(shown)}` };
  return { uri: uriPath(shown), uriBaseId: "%SRCROOT%" };
}

function region(span: Span, sources: Sources): Record<string, unknown> {
  const text = spanText(sources, span);
  return {
    startLine: span.start.line,
    startColumn: span.start.column,
    endLine: span.end.line,
    endColumn: span.end.column,
    ...(text === null ? {} : { snippet: { text } }),
  };
}

function physical(span: Span, sources: Sources, root: string | undefined): Record<string, unknown> {
  return { artifactLocation: artifactLocation(span.file, root), region: region(span, sources) };
}

function rule(info: CodeInfo): Record<string, unknown> {
  return {
    id: info.code,
    name: info.slug,
    shortDescription: { text: info.summary },
    fullDescription: { text: info.summary },
    help: { text: info.explanation, markdown: info.explanation },
    defaultConfiguration: { level: levels[info.severity] },
    properties: { tags: ["routec"] },
  };
}

/** `code:file:snippet` with whitespace runs collapsed, hashed; identical ones get an occurrence suffix. */
function fingerprints(diagnostics: readonly Diagnostic[], sources: Sources, root: string | undefined): string[] {
  const seen = new Map<string, number>();
  return diagnostics.map((d) => {
    const file = d.span === null ? "" : displayPath(d.span.file, root);
    const text = (d.span === null ? null : spanText(sources, d.span)) ?? d.message;
    const hash = fnv1a64(`${d.code}\u0000${file}\u0000${text.replace(/\s+/g, " ").trim()}`);
    const n = (seen.get(hash) ?? 0) + 1;
    seen.set(hash, n);
    return `${hash}:${n}`;
  });
}

function result(d: Diagnostic, ruleIndex: number, fingerprint: string, sources: Sources, root: string | undefined): Record<string, unknown> {
  const text = [d.message, ...(d.help === undefined ? [] : [`help: ${d.help}`]), ...(d.notes ?? []).map((n) => `note: ${n}`)].join("\n");
  const fix = d.suggestion?.replacement !== undefined ? (d.suggestion.span ?? d.span) : null;
  return {
    ruleId: d.code,
    ruleIndex,
    level: levels[d.severity],
    message: { text },
    ...(d.span === null ? {} : { locations: [{ physicalLocation: physical(d.span, sources, root) }] }),
    ...(d.related === undefined || d.related.length === 0
      ? {}
      : { relatedLocations: d.related.map((r, i) => ({ id: i + 1, message: { text: r.message }, physicalLocation: physical(r.span, sources, root) })) }),
    partialFingerprints: { [fingerprintKey]: fingerprint },
    ...(fix === null || d.suggestion?.replacement === undefined
      ? {}
      : {
          fixes: [
            {
              description: { text: d.suggestion.message },
              artifactChanges: [
                {
                  artifactLocation: artifactLocation(fix.file, root),
                  replacements: [{ deletedRegion: region(fix, {}), insertedContent: { text: d.suggestion.replacement } }],
                },
              ],
            },
          ],
        }),
  };
}

/** Renders a SARIF 2.1.0 log with one run; `rules` lists the codes the results use, sorted. */
export function renderSarif(diagnostics: readonly Diagnostic[], sources: Sources, options: SarifOptions): string {
  const codes = [...new Set(diagnostics.map((d) => d.code))].sort();
  const infos = codes.map((code) => lookupCode(code)).filter((info): info is CodeInfo => info !== undefined);
  const index = new Map(infos.map((info, i) => [info.code, i]));
  const prints = fingerprints(diagnostics, sources, options.root);
  const log = {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "routec",
            version: options.toolVersion,
            rules: infos.map(rule),
          },
        },
        columnKind: "utf16CodeUnits",
        results: diagnostics.map((d, i) => result(d, index.get(d.code) ?? -1, prints[i] ?? "", sources, options.root)),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
