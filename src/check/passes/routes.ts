/**
 * Pass `routes`: each class's route, `on error`, and coverage (every declared class routed, `on error` present and
 * remote). Needs `properties` (class options and runtimes).
 */
import type { CheckContext } from "../context.js";
import { didYouMean, headSpan, report } from "../context.js";
import { closest } from "../suggest.js";
import { anyClass, lowerTarget } from "../targets.js";

function runRoutes(ctx: CheckContext): void {
  const { classes, routes } = ctx.symbols;
  const unrouted = [...classes.keys()].filter((name) => !routes.has(name));
  // A route whose class name is a typo of an unrouted class is one mistake: report the typo, not also the class.
  const explained = new Set<string>();
  for (const [name, route] of routes) {
    if (!classes.has(name)) {
      const near = closest(name, unrouted) ?? closest(name, classes.keys());
      if (near !== undefined && unrouted.includes(near)) explained.add(near);
      report(ctx, "R0205", route.class.span, `route for unknown class \`${name}\``, didYouMean(near, route.class.span));
      continue;
    }
    const cls = ctx.built.classes.get(name) ?? null;
    const target = lowerTarget(ctx, route.target, { className: name, cls, localReported: false });
    if (target !== undefined) ctx.built.routes.set(name, { id: `route:${name}`, span: route.span, value: { target } });
  }
  for (const [name, decl] of classes) {
    if (routes.has(name) || explained.has(name)) continue;
    report(ctx, "R0221", decl.name.span, `class \`${name}\` has no route`, { help: `add \`route ${name} -> …\`` });
  }
}

function runOnError(ctx: CheckContext): void {
  const onError = ctx.symbols.onError;
  if (onError === null) {
    const remote = [...ctx.symbols.remotes.keys()][0];
    const where = ctx.input.header?.span ?? headSpan(ctx.input.rootSpan, 0);
    report(ctx, "R0223", where, "the policy has no `on error` target", {
      help: `add \`on error -> ${remote ?? "claude"}\`: faults fail closed, to a remote`,
    });
    return;
  }
  const target = lowerTarget(ctx, onError.target, anyClass());
  if (target === undefined) return;
  if (target.kind !== "remote") {
    const remote = [...ctx.symbols.remotes.keys()][0];
    report(ctx, "R0224", onError.target.span, "`on error` must send tasks to a remote", {
      help: `faults fail closed: write \`on error -> ${remote ?? "claude"}\``,
    });
    return;
  }
  ctx.built.onError = { id: "on_error", span: onError.span, value: { target } };
}

/** Checks routes and `on error`. */
export function runRoutesPass(ctx: CheckContext): void {
  runRoutes(ctx);
  runOnError(ctx);
}
