/**
 * Pass `deny-sets`: checks every deny set's globs and excepts and expands `use std.<name>` into patterns with
 * `origin` set to the built-in set. Pattern ids (`deny:secrets#3`) count every pattern of the set in order.
 */
import { stdSets } from "../../stdlib/index.js";
import type { DenyDecl } from "../../syntax/ast.js";
import type { CheckedPattern } from "../checked.js";
import type { CheckContext } from "../context.js";
import { didYouMean, report } from "../context.js";
import { globProblem } from "../globs.js";
import { closest } from "../suggest.js";

function validGlob(ctx: CheckContext, glob: string, span: DenyDecl["span"]): boolean {
  const problem = globProblem(glob);
  if (problem === null) return true;
  report(ctx, "R0217", span, `invalid glob \`${glob}\`: ${problem}`);
  return false;
}

function checkSet(ctx: CheckContext, decl: DenyDecl): CheckedPattern[] {
  const name = decl.name.name;
  if (decl.entries.length === 0) {
    report(ctx, "R0238", decl.name.span, `deny set \`${name}\` has no patterns and denies nothing`, {
      help: "add patterns, e.g. `use std.secrets`, or remove the set",
    });
  }
  const patterns: CheckedPattern[] = [];
  const add = (p: Omit<CheckedPattern, "id">): void => void patterns.push({ id: `deny:${name}#${patterns.length + 1}`, ...p });
  for (const entry of decl.entries) {
    switch (entry.kind) {
      case "DanglingExcept":
        report(ctx, "R0218", entry.span, "`except` has no pattern before it", {
          help: "an `except` narrows the pattern right before it: move it after that pattern",
        });
        break;
      case "UseSet": {
        const setName = entry.path.map((p) => p.name).join(".");
        const set = Object.hasOwn(stdSets, setName) ? stdSets[setName] : undefined;
        const first = entry.path[0];
        const last = entry.path.at(-1);
        if (set === undefined) {
          const nameSpan = first && last ? { file: first.span.file, start: first.span.start, end: last.span.end } : entry.span;
          report(ctx, "R0211", nameSpan, `unknown built-in set \`${setName}\``, {
            ...didYouMean(closest(setName, Object.keys(stdSets)), nameSpan),
            notes: [`built-in sets: ${Object.keys(stdSets).sort().map((s) => `\`${s}\``).join(", ")}`],
          });
          break;
        }
        for (const p of set) add({ source: p.pattern, excepts: p.excepts ?? [], origin: setName, span: entry.span });
        break;
      }
      case "DenyPattern": {
        let ok = validGlob(ctx, entry.pattern.value, entry.pattern.span);
        for (const except of entry.excepts) {
          if (!validGlob(ctx, except.value, except.span)) ok = false;
          else if (except.value === entry.pattern.value) {
            report(ctx, "R0219", except.span, `\`except\` removes everything pattern \`${entry.pattern.value}\` denies`, {
              help: "remove the `except`, or narrow it to the files that are safe",
              related: [{ span: entry.pattern.span, message: "the pattern" }],
            });
            ok = false;
          }
        }
        if (ok) add({ source: entry.pattern.value, excepts: entry.excepts.map((e) => e.value), origin: "policy", span: entry.span });
        break;
      }
    }
  }
  return patterns;
}

/** Checks deny sets into `ctx.built.denySets`, in declaration order. */
export function runDenySets(ctx: CheckContext): void {
  for (const [name, decl] of ctx.symbols.denySets) {
    ctx.built.denySets.push({ name, description: decl.description?.value ?? null, patterns: checkSet(ctx, decl), span: decl.span });
  }
}
