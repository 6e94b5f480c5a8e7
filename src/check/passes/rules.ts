/**
 * Pass `rules`: classification rules, escalation triggers and asserts, in the order written (includes spliced).
 * Needs `deny-sets` and `vram` (conditions name deny sets and levels) and `properties` (targets check runtimes).
 */
import type { CheckContext } from "../context.js";
import { didYouMean, report, sourceText } from "../context.js";
import { lowerAssertCond, lowerCond } from "../conditions.js";
import { closest } from "../suggest.js";
import { anyClass, lowerTarget } from "../targets.js";

function runClassify(ctx: CheckContext): void {
  const rules = ctx.symbols.classify;
  const otherwise = rules.findIndex((r) => r.condition.kind === "Otherwise");
  const unreachable = otherwise === -1 ? undefined : rules[otherwise + 1];
  if (unreachable !== undefined) {
    const count = rules.length - otherwise - 1;
    report(ctx, "R0234", unreachable.span, `${count === 1 ? "this rule comes" : `these ${count} rules come`} after \`otherwise\` and can never match`, {
      related: [{ span: rules[otherwise]?.span ?? unreachable.span, message: "`otherwise` matches every task" }],
      help: "move `otherwise` to the end of `classify`",
    });
  }
  rules.forEach((rule, i) => {
    const when = rule.condition.kind === "Otherwise" ? { op: "true" as const } : lowerCond(ctx, rule.condition, "classify");
    const cls = rule.class.name;
    if (!ctx.symbols.classes.has(cls)) {
      report(ctx, "R0205", rule.class.span, `unknown class \`${cls}\``, didYouMean(closest(cls, ctx.symbols.classes.keys()), rule.class.span));
      return;
    }
    if (when !== undefined) ctx.built.classify.push({ id: `classify#${i + 1}`, span: rule.span, value: { when, class: cls } });
  });
}

function runEscalate(ctx: CheckContext): void {
  ctx.symbols.escalate.forEach((trigger, i) => {
    const when = lowerCond(ctx, trigger.condition, "escalate");
    const target = lowerTarget(ctx, trigger.target, anyClass());
    // Without a reason text the trigger explains itself by its condition, as written.
    const reason = trigger.reason?.value ?? sourceText(ctx, trigger.condition.span);
    if (when !== undefined && target !== undefined) {
      ctx.built.escalate.push({ id: `escalate#${i + 1}`, span: trigger.span, value: { when, target, reason } });
    }
  });
}

function runAsserts(ctx: CheckContext): void {
  ctx.symbols.asserts.forEach((assert, i) => {
    const cond = lowerAssertCond(ctx, assert.condition, "assert");
    if (cond !== undefined) ctx.built.asserts.push({ id: `assert#${i + 1}`, span: assert.span, value: { name: assert.name.value, cond } });
  });
}

/** Checks classification rules, escalation triggers and asserts. */
export function runRules(ctx: CheckContext): void {
  runClassify(ctx);
  runEscalate(ctx);
  runAsserts(ctx);
}
