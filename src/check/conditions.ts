/**
 * Conditions: name resolution, operand kinds and units, and lowering to the table's `Cond` (asserts: `AssertCond`).
 * Which features a condition may use depends on where it is written (`Where`). Every sub-condition is checked even
 * after an error, so one pass reports all independent mistakes; a mistake is reported once, where it is.
 */
import type { Span } from "../diagnostics/diagnostic.js";
import { assertNever, InternalError } from "../diagnostics/diagnostic.js";
import type { Compare, Expr, FileMatch, Ident, Membership, Value } from "../syntax/ast.js";
import type { Cond, EnumFeature, FlagFeature, NumericFeature } from "../runtime/types.js";
import type { AssertCond } from "./checked.js";
import type { CheckContext } from "./context.js";
import { didYouMean, report, sourceText } from "./context.js";
import { globProblem } from "./globs.js";
import { closest } from "./suggest.js";
import type { QuantityKind } from "./values.js";
import { readChoice, readQuantity } from "./values.js";

/** Where a condition is written. */
export type Where = "classify" | "escalate" | "assert" | "vram";

type FeatureInfo =
  | { readonly type: "enum"; readonly feature: EnumFeature }
  | { readonly type: "label" }
  | { readonly type: "numeric"; readonly feature: NumericFeature; readonly quantity: QuantityKind; readonly telemetry: boolean }
  /** `free`: a percentage (`free_pct`) or a memory size (`free_mib`). */
  | { readonly type: "free" }
  | { readonly type: "flag"; readonly feature: FlagFeature }
  | { readonly type: "decision"; readonly which: "target" | "mode" };

const features: Readonly<Record<string, FeatureInfo>> = {
  kind: { type: "enum", feature: "kind" },
  hint: { type: "enum", feature: "hint" },
  class: { type: "enum", feature: "class" },
  label: { type: "label" },
  context: { type: "numeric", feature: "context", quantity: "tokens", telemetry: false },
  files: { type: "numeric", feature: "files", quantity: "count", telemetry: false },
  tool_failures: { type: "numeric", feature: "tool_failures", quantity: "count", telemetry: false },
  runtime_errors: { type: "numeric", feature: "runtime_errors", quantity: "count", telemetry: false },
  free: { type: "free" },
  largest_free: { type: "numeric", feature: "largest_free_mib", quantity: "memory", telemetry: true },
  fragmentation: { type: "numeric", feature: "fragmentation_pct", quantity: "percent", telemetry: true },
  total: { type: "numeric", feature: "total_mib", quantity: "memory", telemetry: true },
  schema_mismatch: { type: "flag", feature: "schema_mismatch" },
  low_vram_mode: { type: "flag", feature: "low_vram_mode" },
  target: { type: "decision", which: "target" },
  mode: { type: "decision", which: "mode" },
};

/** Feature names a misspelling may be meant as, including the keyword-led atoms. */
const suggestible = [...Object.keys(features), "denied", "vram"];

function isTelemetry(info: FeatureInfo): boolean {
  return info.type === "free" || (info.type === "numeric" && info.telemetry);
}

/** Reports a feature used where it does not exist; returns false then. */
function allowed(ctx: CheckContext, name: string, info: FeatureInfo, span: Span, where: Where): boolean {
  if (info.type === "decision" && where !== "assert") {
    report(ctx, "R0226", span, `\`${name}\` describes the decision and can only be tested in asserts`, {
      help: "state properties of decisions with `assert \"name\": condition => target is remote`",
    });
    return false;
  }
  if (info.type === "enum" && info.feature === "class" && where === "classify") {
    report(ctx, "R0225", span, "classification rules cannot test `class`, which they compute", {
      help: "to trust the agent's own class, test `hint` instead",
    });
    return false;
  }
  if (where === "vram" && !isTelemetry(info)) {
    report(ctx, "R0236", span, `\`${name}\` cannot be tested in a VRAM level`, {
      help: "VRAM levels test GPU telemetry only: `free`, `largest_free`, `fragmentation`, `total`",
    });
    return false;
  }
  if (where !== "vram" && isTelemetry(info)) {
    report(ctx, "R0236", span, `\`${name}\` is GPU telemetry, tested only in VRAM levels`, {
      help: "define a level in the `vram` block and test it with `vram LEVEL`",
    });
    return false;
  }
  return true;
}

/** Reports a keyword-led atom (`denied`, `vram`, `any file`, `label`, `target is`) used where it does not belong. */
function atomAllowed(ctx: CheckContext, what: string, span: Span, where: Where): boolean {
  if (where !== "vram") return true;
  report(ctx, "R0236", span, `${what} cannot be tested in a VRAM level`, {
    help: "VRAM levels test GPU telemetry only: `free`, `largest_free`, `fragmentation`, `total`",
  });
  return false;
}

function lookupFeature(ctx: CheckContext, ident: Ident): FeatureInfo | undefined {
  const info = Object.hasOwn(features, ident.name) ? features[ident.name] : undefined;
  if (info !== undefined) return info;
  const near = closest(ident.name, suggestible);
  report(ctx, "R0208", ident.span, `unknown feature \`${ident.name}\``, {
    ...didYouMean(near, ident.span),
    ...(near === undefined ? { notes: [`features: ${Object.keys(features).map((f) => `\`${f}\``).join(", ")}`] } : {}),
  });
  return undefined;
}

/** The word of an enumerated value (`edit`, `"edit"`), or undefined (reported) for a number or boolean. */
function word(ctx: CheckContext, feature: string, value: Value): string | undefined {
  if (value.kind === "Ident") return value.name;
  if (value.kind === "Str") return value.value;
  const found = value.kind === "Num" ? "a number" : "a boolean";
  report(ctx, "R0229", value.span, `\`${feature}\` is compared with ${found}`, {
    help: `\`${feature}\` takes words or strings, e.g. \`${feature} == edit\``,
  });
  return undefined;
}

/** Words of an enumerated comparison; class names (`hint`, `class`) must be declared classes. */
function enumValues(ctx: CheckContext, feature: string, values: readonly Value[], classNames: boolean): string[] | undefined {
  let ok = true;
  const out: string[] = [];
  for (const value of values) {
    const w = word(ctx, feature, value);
    if (w === undefined) {
      ok = false;
      continue;
    }
    if (classNames && !ctx.symbols.classes.has(w)) {
      report(ctx, "R0205", value.span, `unknown class \`${w}\``, didYouMean(closest(w, ctx.symbols.classes.keys()), value.span));
      ok = false;
      continue;
    }
    out.push(w);
  }
  return ok ? [...new Set(out)].sort() : undefined;
}

function negateIf(negated: boolean, cond: AssertCond): AssertCond {
  return negated ? { op: "not", arg: cond } : cond;
}

function unordered(ctx: CheckContext, compare: Compare): boolean {
  if (compare.op === "==" || compare.op === "!=") return true;
  report(ctx, "R0229", compare.span, `\`${compare.feature.name}\` cannot be compared with \`${compare.op}\``, {
    help: `use \`==\`, \`!=\` or \`in [...]\``,
  });
  return false;
}

function decisionTarget(ctx: CheckContext, value: Value): string | undefined {
  if (value.kind === "Str") {
    if (ctx.symbols.models.has(value.value)) return value.value;
    report(ctx, "R0203", value.span, `unknown model \`${value.value}\``, didYouMean(closest(value.value, ctx.symbols.models.keys()), value.span, '"'));
    return undefined;
  }
  if (value.kind === "Ident") {
    if (ctx.symbols.remotes.has(value.name)) return value.name;
    report(ctx, "R0204", value.span, `unknown remote \`${value.name}\``, didYouMean(closest(value.name, ctx.symbols.remotes.keys()), value.span));
    return undefined;
  }
  report(ctx, "R0229", value.span, "`target` is compared with a model or a remote", { help: 'write `target == claude` or `target == "model"`' });
  return undefined;
}

function lowerCompare(ctx: CheckContext, compare: Compare, where: Where): AssertCond | undefined {
  const name = compare.feature.name;
  const info = lookupFeature(ctx, compare.feature);
  if (info === undefined || !allowed(ctx, name, info, compare.feature.span, where)) return undefined;
  const negated = compare.op === "!=";
  switch (info.type) {
    case "enum": {
      if (!unordered(ctx, compare)) return undefined;
      const values = enumValues(ctx, name, [compare.value], info.feature !== "kind");
      return values && negateIf(negated, { op: "in", feature: info.feature, values });
    }
    case "label": {
      if (!unordered(ctx, compare)) return undefined;
      const values = enumValues(ctx, name, [compare.value], false);
      return values && negateIf(negated, { op: "label", values });
    }
    case "flag": {
      if (!unordered(ctx, compare)) return undefined;
      if (compare.value.kind !== "Bool") {
        report(ctx, "R0229", compare.value.span, `\`${name}\` is a flag, compared with \`${sourceText(ctx, compare.value.span)}\``, {
          help: `test it on its own (\`${name}\`, \`not ${name}\`)`,
        });
        return undefined;
      }
      return negateIf(negated !== !compare.value.value, { op: "flag", feature: info.feature });
    }
    case "numeric":
    case "free": {
      if (compare.value.kind !== "Num") {
        report(ctx, "R0229", compare.value.span, `\`${name}\` is a number, compared with \`${sourceText(ctx, compare.value.span)}\``);
        return undefined;
      }
      const num = compare.value;
      const percent = info.type === "free" && num.unit === "%";
      const feature: NumericFeature = info.type === "numeric" ? info.feature : percent ? "free_pct" : "free_mib";
      if (info.type === "free" && num.unit === null) {
        report(ctx, "R0214", num.span, `\`${num.raw}\` needs a unit for \`free\``, { help: `write \`${num.raw}%\` or \`${num.raw}GiB\`` });
        return undefined;
      }
      if (info.type === "free" && (num.unit === "k" || num.unit === "M")) {
        report(ctx, "R0213", num.span, `\`${num.raw}\` has the wrong unit for \`free\``, { help: "`free` is a percentage (`10%`) or a memory size (`1GiB`)" });
        return undefined;
      }
      const quantity: QuantityKind = info.type === "numeric" ? info.quantity : percent ? "percent" : "memory";
      const value = readQuantity(ctx, num, quantity, `\`${name}\``);
      return value === undefined ? undefined : { op: "cmp", feature, cmp: compare.op, value };
    }
    case "decision": {
      if (!unordered(ctx, compare)) return undefined;
      if (info.which === "mode") {
        const mode = readChoice(ctx, compare.value, "`mode`", ["direct", "synthesis"]);
        return mode && negateIf(negated, { op: "mode", mode });
      }
      const target = decisionTarget(ctx, compare.value);
      return target === undefined ? undefined : negateIf(negated, { op: "target", name: target });
    }
    default:
      return assertNever(info, "feature");
  }
}

function lowerMembership(ctx: CheckContext, m: Membership, where: Where): AssertCond | undefined {
  const name = m.feature.name;
  const info = lookupFeature(ctx, m.feature);
  if (info === undefined || !allowed(ctx, name, info, m.feature.span, where)) return undefined;
  switch (info.type) {
    case "enum": {
      const values = enumValues(ctx, name, m.values, info.feature !== "kind");
      return values && negateIf(m.negated, { op: "in", feature: info.feature, values });
    }
    case "label": {
      const values = enumValues(ctx, name, m.values, false);
      return values && negateIf(m.negated, { op: "label", values });
    }
    case "decision": {
      const targets = m.values.map((v) => (info.which === "mode" ? readChoice(ctx, v, "`mode`", ["direct", "synthesis"]) : decisionTarget(ctx, v)));
      if (targets.some((t) => t === undefined)) return undefined;
      const args = targets.map((t): AssertCond => (info.which === "mode" ? { op: "mode", mode: t === "synthesis" ? "synthesis" : "direct" } : { op: "target", name: t ?? "" }));
      return negateIf(m.negated, { op: "or", args });
    }
    case "numeric":
    case "free":
    case "flag":
      report(ctx, "R0229", m.span, `\`${name}\` is ${info.type === "flag" ? "a flag" : "a number"}, not a word to look up in a list`, {
        help: info.type === "flag" ? `test it on its own (\`${name}\`)` : `compare it, e.g. \`${name} >= 2\``,
      });
      return undefined;
    default:
      return assertNever(info, "feature");
  }
}

function lowerFlag(ctx: CheckContext, ident: Ident, where: Where): AssertCond | undefined {
  const info = lookupFeature(ctx, ident);
  if (info === undefined || !allowed(ctx, ident.name, info, ident.span, where)) return undefined;
  if (info.type === "flag") return { op: "flag", feature: info.feature };
  const example = info.type === "enum" || info.type === "label" || info.type === "decision" ? `${ident.name} == …` : `${ident.name} > 0`;
  report(ctx, "R0229", ident.span, `\`${ident.name}\` is not a flag`, { help: `compare it, e.g. \`${example}\`` });
  return undefined;
}

function lowerFileMatch(ctx: CheckContext, match: FileMatch): AssertCond | undefined {
  const glob = match.pattern.value;
  const problem = globProblem(glob);
  if (problem !== null) {
    report(ctx, "R0217", match.pattern.span, `invalid glob \`${glob}\`: ${problem}`);
    return undefined;
  }
  ctx.built.matchGlobs.add(glob);
  const set = `glob:${glob}`;
  if (match.quantifier === "all") return { op: "files", quantifier: "all", set };
  const some: AssertCond = { op: "files", quantifier: "any", set };
  return match.quantifier === "no" ? { op: "not", arg: some } : some;
}

function combine(op: "and" | "or", left: AssertCond | undefined, right: AssertCond | undefined): AssertCond | undefined {
  if (left === undefined || right === undefined) return undefined;
  const flat = (c: AssertCond): readonly AssertCond[] => (c.op === op ? c.args : [c]);
  const args = [...flat(left), ...flat(right)];
  return op === "and" ? { op, args } : { op, args };
}

/** Checks and lowers an assert's condition. */
export function lowerAssertCond(ctx: CheckContext, expr: Expr, where: Where): AssertCond | undefined {
  switch (expr.kind) {
    case "Binary": {
      const left = lowerAssertCond(ctx, expr.left, where);
      const right = lowerAssertCond(ctx, expr.right, where);
      if (expr.op !== "=>") return combine(expr.op, left, right);
      if (where !== "assert") {
        report(ctx, "R0227", expr.span, "`=>` can only be used in asserts", { help: "in a rule, write `not a or b`" });
        return undefined;
      }
      return left && right && { op: "implies", left, right };
    }
    case "Not": {
      const arg = lowerAssertCond(ctx, expr.operand, where);
      return arg && { op: "not", arg };
    }
    case "Compare":
      return lowerCompare(ctx, expr, where);
    case "Membership":
      return lowerMembership(ctx, expr, where);
    case "HasLabel": {
      if (!atomAllowed(ctx, "`label`", expr.span, where)) return undefined;
      const values = enumValues(ctx, "label", expr.values, false);
      return values && { op: "label", values };
    }
    case "Denied": {
      if (!atomAllowed(ctx, "`denied`", expr.span, where)) return undefined;
      if (expr.set === null) return { op: "denied", set: null };
      const name = expr.set.name;
      if (ctx.symbols.denySets.has(name)) return { op: "denied", set: name };
      const near = closest(name, ctx.symbols.denySets.keys());
      report(ctx, "R0206", expr.set.span, `unknown deny set \`${name}\``, {
        ...didYouMean(near, expr.set.span),
        ...(near === undefined ? { notes: ["`denied path` holds when any deny set matched a file"] } : {}),
      });
      return undefined;
    }
    case "VramAtLeast": {
      if (!atomAllowed(ctx, "`vram`", expr.span, where)) return undefined;
      const level = expr.level.name;
      if (level === "ok" || ctx.symbols.vramLevels.has(level)) return { op: "vram", level };
      reportUnknownLevel(ctx, expr.level);
      return undefined;
    }
    case "FileMatch":
      if (!atomAllowed(ctx, `\`${expr.quantifier} file\``, expr.span, where)) return undefined;
      return lowerFileMatch(ctx, expr);
    case "Flag":
      return lowerFlag(ctx, expr.name, where);
    case "TargetIs":
      if (where !== "assert") {
        report(ctx, "R0226", expr.span, "`target` describes the decision and can only be tested in asserts", {
          help: "state properties of decisions with `assert \"name\": condition => target is remote`",
        });
        return undefined;
      }
      return { op: "location", location: expr.location };
    case "BoolExpr":
      return { op: expr.value ? "true" : "false" };
    default:
      return assertNever(expr, "condition");
  }
}

/** Reports `vram LEVEL` / `as LEVEL` naming a level that is not declared. */
export function reportUnknownLevel(ctx: CheckContext, level: Ident): void {
  const known = ["ok", ...ctx.symbols.vramLevels.keys()];
  report(ctx, "R0207", level.span, `unknown VRAM level \`${level.name}\``, {
    ...didYouMean(closest(level.name, known), level.span),
    notes: [`levels: ${known.map((l) => `\`${l}\``).join(", ")}`],
  });
}

/** Narrows a lowered condition of a rule (no decision predicates, which only asserts may use). */
function toCond(cond: AssertCond): Cond {
  switch (cond.op) {
    case "and":
    case "or":
      return { op: cond.op, args: cond.args.map(toCond) };
    case "not":
      return { op: "not", arg: toCond(cond.arg) };
    case "implies":
    case "location":
    case "target":
    case "mode":
      throw new InternalError(`decision predicate \`${cond.op}\` in a rule condition`);
    default:
      return cond;
  }
}

/** Checks and lowers the condition of a classification rule, escalation trigger or VRAM level. */
export function lowerCond(ctx: CheckContext, expr: Expr, where: Exclude<Where, "assert">): Cond | undefined {
  const cond = lowerAssertCond(ctx, expr, where);
  // INVARIANT: outside asserts, decision predicates and `=>` are reported and yield undefined.
  return cond === undefined ? undefined : toCond(cond);
}
