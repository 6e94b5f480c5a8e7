/**
 * A checked policy rebuilt from a compiled table, so `routec diff` can compare tables (or a table with a
 * policy) with the verifier's region machinery, which works on checked policies. A table keeps every rule,
 * condition, target and glob; it loses asserts (irrelevant to decisions) and spans, which are rebuilt from
 * the table's source map.
 */
import type { CheckedPolicy, CheckedRule } from "../check/checked.js";
import type { Span } from "../diagnostics/diagnostic.js";
import { matchSetGlob } from "../reference/evaluate.js";
import type { Table } from "../runtime/types.js";

export function checkedFromTable(table: Table): CheckedPolicy {
  const span = (id: string): Span => {
    const at = table.source_map[id];
    const position = { offset: 0, line: at?.line ?? 1, column: at?.column ?? 1 };
    return { file: at?.file ?? table.policy.name, start: position, end: position };
  };
  const rule = <T>(id: string, value: T): CheckedRule<T> => ({ id, span: span(id), value });
  const declared = <T extends object>(record: Readonly<Record<string, T>>, prefix: string): Record<string, T & { span: Span }> =>
    Object.fromEntries(Object.entries(record).map(([name, value]) => [name, { ...value, span: span(`${prefix}:${name}`) }]));
  const sets = Object.values(table.globsets);
  return {
    name: table.policy.name,
    version: table.policy.version,
    files: [table.policy.name],
    options: { case: table.options.case, redact_denied: table.options.redact_denied },
    runtimes: declared(table.runtimes, "runtime"),
    models: declared(table.models, "model"),
    remotes: declared(table.remotes, "remote"),
    classes: Object.entries(table.classes).map(([name, info]) => ({ ...info, name, span: span(`class:${name}`) })),
    denySets: sets
      .filter((s) => s.kind === "deny")
      .map((s) => ({
        name: s.name,
        description: s.description,
        span: span(`deny:${s.name}`),
        patterns: s.patterns.map((p) => ({ id: p.rule, source: p.source, excepts: p.excepts.map((i) => s.excepts[i] ?? ""), origin: p.origin, span: span(p.rule) })),
      })),
    matchGlobs: sets.filter((s) => s.kind === "match").map((s) => matchSetGlob(s.name)).sort(),
    vram: {
      levels: table.vram.levels.map((l) => rule(l.id, { name: l.name, when: l.when })),
      unknown: table.vram.unknown,
      low_vram_mode: table.vram.low_vram_mode,
    },
    classify: table.classify.map((r) => rule(r.id, { when: r.when, class: r.then })),
    escalate: table.escalate.map((r) => rule(r.id, { when: r.when, target: r.target, reason: r.reason })),
    routes: Object.fromEntries(Object.entries(table.routes).map(([cls, r]) => [cls, rule(r.id, { target: r.target })])),
    onError: rule(table.on_error.id, { target: table.on_error.target }),
    asserts: [],
  };
}
