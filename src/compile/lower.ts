/**
 * Lowering a checked policy to the table body (`routec.table/1` without its hash and verification summary).
 * Conditions and targets are already in table form; lowering strips spans into the source map, compiles glob sets
 * and hashes the sources.
 */
import type { AssertCond, CheckedPolicy, CheckedRule } from "../check/checked.js";
import type { Diagnostic, Result, Span } from "../diagnostics/diagnostic.js";
import { assertNever, InternalError } from "../diagnostics/diagnostic.js";
import type { ClassInfo, GlobSet, ModelInfo, RemoteInfo, RuntimeInfo, SourceLocation } from "../runtime/types.js";
import type { TableBody } from "./canonical.js";
import { compileGlobSet, type GlobSetSpec } from "./globs/index.js";
import { directoryOf, relativePath } from "./paths.js";
import { sha256Hex } from "./sha256.js";

/**
 * sha256 of the policy sources: for each file in `checked.files` order, its path relative to the root file's
 * directory, a NUL, then its text with CRLF line ends read as LF (a Windows checkout hashes like a Linux one).
 */
export function sourceSha256(checked: Pick<CheckedPolicy, "files">, sources: Readonly<Record<string, string>>): string {
  const root = checked.files[0];
  if (root === undefined) throw new InternalError("checked policy has no root file");
  const dir = directoryOf(root);
  let text = "";
  for (const file of checked.files) {
    const source = Object.prototype.hasOwnProperty.call(sources, file) ? sources[file] : undefined;
    if (source === undefined) throw new InternalError(`no source text for policy file ${file}`);
    text += `${relativePath(dir, file)}\0${source.replace(/\r\n/g, "\n")}`;
  }
  return sha256Hex(text);
}

/** Adds the match sets a condition (of a rule or an assert) refers to. */
function condSets(cond: AssertCond, out: Set<string>): void {
  switch (cond.op) {
    case "and":
    case "or":
      cond.args.forEach((arg) => condSets(arg, out));
      return;
    case "not":
      condSets(cond.arg, out);
      return;
    case "implies":
      condSets(cond.left, out);
      condSets(cond.right, out);
      return;
    case "files":
      out.add(cond.set);
      return;
    case "true":
    case "false":
    case "cmp":
    case "in":
    case "label":
    case "denied":
    case "vram":
    case "flag":
    case "location":
    case "target":
    case "mode":
      return;
    default:
      assertNever(cond, "condition");
  }
}

/** Rules with conditions in evaluation order, then asserts, for finding where a match glob is first used. */
function condRules(checked: CheckedPolicy): { id: string; span: Span; when: AssertCond }[] {
  return [
    ...checked.vram.levels.map((r) => ({ id: r.id, span: r.span, when: r.value.when })),
    ...checked.classify.map((r) => ({ id: r.id, span: r.span, when: r.value.when })),
    ...checked.escalate.map((r) => ({ id: r.id, span: r.span, when: r.value.when })),
    ...checked.asserts.map((r) => ({ id: r.id, span: r.span, when: r.value.cond })),
  ];
}

function matchSetSpecs(checked: CheckedPolicy): GlobSetSpec[] {
  const firstUse = new Map<string, { id: string; span: Span }>();
  for (const rule of condRules(checked)) {
    const sets = new Set<string>();
    condSets(rule.when, sets);
    for (const set of sets) if (!firstUse.has(set)) firstUse.set(set, rule);
  }
  return checked.matchGlobs.map((source) => {
    const name = `glob:${source}`;
    const use = firstUse.get(name);
    return {
      name,
      kind: "match",
      description: null,
      patterns: [{ source, excepts: [], origin: "policy", rule: use?.id ?? name, span: use?.span ?? null }],
    };
  });
}

function denySetSpecs(checked: CheckedPolicy): GlobSetSpec[] {
  return checked.denySets.map((set) => ({
    name: set.name,
    kind: "deny",
    description: set.description,
    patterns: set.patterns.map((p) => ({ source: p.source, excepts: p.excepts, origin: p.origin, rule: p.id, span: p.span })),
  }));
}

function mapValues<T, U>(record: Readonly<Record<string, T>>, f: (value: T) => U): Record<string, U> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, f(value)]));
}

function sourceMap(checked: CheckedPolicy): Record<string, SourceLocation> {
  const dir = directoryOf(checked.files[0] ?? "");
  const map: Record<string, SourceLocation> = {};
  const add = (id: string, span: Span): void => {
    map[id] = { file: relativePath(dir, span.file), line: span.start.line, column: span.start.column };
  };
  const rules: CheckedRule<unknown>[] = [
    ...checked.vram.levels,
    ...checked.classify,
    ...checked.escalate,
    ...Object.values(checked.routes),
    checked.onError,
    ...checked.asserts,
  ];
  rules.forEach((rule) => add(rule.id, rule.span));
  for (const set of checked.denySets) for (const pattern of set.patterns) add(pattern.id, pattern.span);
  return map;
}

/** Lowers a checked policy to a table body; fails only on globs the table cannot represent. */
export function lowerPolicy(checked: CheckedPolicy, sources: Readonly<Record<string, string>>): Result<TableBody> {
  const diagnostics: Diagnostic[] = [];
  const globsets: Record<string, GlobSet> = {};
  for (const spec of [...denySetSpecs(checked), ...matchSetSpecs(checked)]) {
    const set = compileGlobSet(spec, checked.options.case);
    if (set.ok) globsets[spec.name] = set.value;
    else diagnostics.push(...set.diagnostics);
  }
  if (diagnostics.length > 0) return { ok: false, diagnostics };
  const body: TableBody = {
    schema: "routec.table/1",
    policy: { name: checked.name, version: checked.version, source_sha256: sourceSha256(checked, sources) },
    options: { case: checked.options.case, unicode: "NFC", redact_denied: checked.options.redact_denied },
    runtimes: mapValues(checked.runtimes, (r): RuntimeInfo => ({ endpoint: r.endpoint, enabled: r.enabled })),
    models: mapValues(checked.models, (m): ModelInfo => ({ runtime: m.runtime, context: m.context, tools: m.tools, vram_mib: m.vram_mib, cost: m.cost })),
    remotes: mapValues(checked.remotes, (r): RemoteInfo => ({ model: r.model })),
    classes: Object.fromEntries(
      checked.classes.map((c): [string, ClassInfo] => [
        c.name,
        { description: c.description, max_context: c.max_context, tools_required: c.tools_required, local_allowed: c.local_allowed },
      ]),
    ),
    globsets,
    vram: {
      levels: checked.vram.levels.map((r) => ({ id: r.id, name: r.value.name, when: r.value.when })),
      unknown: checked.vram.unknown,
      low_vram_mode: checked.vram.low_vram_mode,
    },
    classify: checked.classify.map((r) => ({ id: r.id, when: r.value.when, then: r.value.class })),
    escalate: checked.escalate.map((r) => ({ id: r.id, when: r.value.when, target: r.value.target, reason: r.value.reason })),
    routes: mapValues(checked.routes, (r) => ({ id: r.id, target: r.value.target })),
    on_error: { id: checked.onError.id, target: checked.onError.value.target },
    source_map: sourceMap(checked),
  };
  return { ok: true, value: body, diagnostics: [] };
}
