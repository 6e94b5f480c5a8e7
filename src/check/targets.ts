/**
 * Targets: resolving model and remote references and lowering `Candidates`/`Synthesize` chains to `TargetRule`.
 * Quoted names are models, bare names remotes (docs/semantics.md, Resolve the target).
 */
import type { Span } from "../diagnostics/diagnostic.js";
import { assertNever } from "../diagnostics/diagnostic.js";
import type { Candidates, Synthesize, Target, TargetRef } from "../syntax/ast.js";
import type { ClassInfo, TargetRule } from "../runtime/types.js";
import type { CheckContext } from "./context.js";
import { didYouMean, report } from "./context.js";
import { closest } from "./suggest.js";

/** The class a route serves (for `local never`), or null for escalation triggers and `on error`. */
export interface TargetScope {
  readonly className: string | null;
  readonly cls: ClassInfo | null;
  /** Set once a `local never` violation is reported, so a route gets one such error. */
  localReported: boolean;
  /** Inside a fallback that can never be reached: names are still resolved, nothing else is reported. */
  readonly dead?: boolean;
}

type Resolved = { readonly kind: "model"; readonly name: string } | { readonly kind: "remote"; readonly name: string };

function resolveRef(ctx: CheckContext, ref: TargetRef): Resolved | undefined {
  const { models, remotes } = ctx.symbols;
  if (ref.quoted) {
    if (models.has(ref.name)) return { kind: "model", name: ref.name };
    if (remotes.has(ref.name)) {
      report(ctx, "R0203", ref.span, `unknown model \`${ref.name}\``, {
        help: `\`${ref.name}\` is a remote: write it without quotes`,
        suggestion: { message: `replace with \`${ref.name}\``, replacement: ref.name, span: ref.span },
      });
      return undefined;
    }
    report(ctx, "R0203", ref.span, `unknown model \`${ref.name}\``, didYouMean(closest(ref.name, models.keys()), ref.span, '"'));
    return undefined;
  }
  if (remotes.has(ref.name)) return { kind: "remote", name: ref.name };
  if (models.has(ref.name)) {
    report(ctx, "R0204", ref.span, `unknown remote \`${ref.name}\``, {
      help: `\`${ref.name}\` is a model: write it in quotes`,
      suggestion: { message: `replace with \`"${ref.name}"\``, replacement: `"${ref.name}"`, span: ref.span },
    });
    return undefined;
  }
  report(ctx, "R0204", ref.span, `unknown remote \`${ref.name}\``, didYouMean(closest(ref.name, remotes.keys()), ref.span));
  return undefined;
}

/** Checks what a local model in a target implies: a disabled runtime (warning) and a `local never` class. */
function checkLocal(ctx: CheckContext, ref: TargetRef, scope: TargetScope): void {
  if (scope.dead === true) return;
  const runtime = ctx.symbols.models.get(ref.name)?.runtime.name;
  if (runtime !== undefined && ctx.built.runtimes.get(runtime)?.enabled === false) {
    report(ctx, "R0220", ref.span, `model \`${ref.name}\` runs on disabled runtime \`${runtime}\` and is always skipped`, {
      help: `enable the runtime (\`enabled yes\`) or remove the candidate`,
    });
  }
  if (scope.cls?.local_allowed === false && !scope.localReported) {
    scope.localReported = true;
    report(ctx, "R0230", ref.span, `class \`${scope.className ?? ""}\` says \`local never\`, but its route uses local model \`${ref.name}\``, {
      help: "route the class to a remote, e.g. `-> claude`",
    });
  }
}

function between(from: Span, to: Span): Span {
  return { file: to.file, start: from.end, end: to.end };
}

function lowerCandidates(ctx: CheckContext, target: Candidates, scope: TargetScope): TargetRule | undefined {
  const refs = target.candidates;
  const first = refs[0];
  if (first === undefined) return target.fallback === null ? undefined : lowerTarget(ctx, target.fallback, scope);
  const resolved = refs.map((ref) => resolveRef(ctx, ref));
  if (refs.length === 1 && resolved[0]?.kind === "remote") {
    if (target.fallback !== null) {
      if (scope.dead !== true) {
        report(ctx, "R0237", target.fallback.span, `remote \`${first.name}\` always serves, so the targets after it are never used`, {
          help: "remove the `else` part",
        });
      }
      lowerTarget(ctx, target.fallback, { ...scope, dead: true });
    }
    return { kind: "remote", remote: first.name };
  }
  const fallback = target.fallback === null ? null : lowerTarget(ctx, target.fallback, scope);
  let ok = resolved.every((r) => r !== undefined);
  refs.forEach((ref, i) => {
    const r = resolved[i];
    if (r?.kind === "model") {
      checkLocal(ctx, ref, scope);
      return;
    }
    if (r?.kind !== "remote") return;
    ok = false;
    const previous = refs[i - 1];
    const last = i === refs.length - 1 && target.fallback === null;
    report(ctx, "R0233", ref.span, `remote \`${ref.name}\` is listed among local candidates`, {
      help: last ? `a remote always serves: make it the fallback with \`else ${ref.name}\`` : "a remote always serves: it belongs after `else`, as the last target",
      ...(last && previous !== undefined
        ? { suggestion: { message: `write \`else ${ref.name}\``, replacement: ` else ${ref.name}`, span: between(previous.span, ref.span) } }
        : {}),
    });
  });
  if (!ok || (target.fallback !== null && fallback === undefined)) return undefined;
  return { kind: "local", candidates: refs.map((r) => r.name), fallback: fallback ?? null };
}

function lowerSynthesize(ctx: CheckContext, target: Synthesize, scope: TargetScope): TargetRule | undefined {
  const fallback = target.fallback === null ? null : lowerTarget(ctx, target.fallback, scope);
  let ok = true;
  for (const ref of target.draft) {
    if (!ref.quoted) {
      ok = false;
      const isModel = ctx.symbols.models.has(ref.name);
      report(ctx, "R0232", ref.span, `synthesis draft \`${ref.name}\` is not a local model`, {
        help: isModel ? "models are written in quotes" : "drafts are local models, written in quotes; a remote that drafts is just the remote",
        ...(isModel ? { suggestion: { message: `replace with \`"${ref.name}"\``, replacement: `"${ref.name}"`, span: ref.span } } : {}),
      });
      continue;
    }
    if (resolveRef(ctx, ref) === undefined) ok = false;
    else checkLocal(ctx, ref, scope);
  }
  const review = target.review;
  if (review.quoted) {
    const only = ctx.symbols.remotes.size === 1 ? [...ctx.symbols.remotes.keys()][0] : undefined;
    report(ctx, "R0231", review.span, `synthesis reviewer \`${review.name}\` is not a remote`, {
      help: "the reviewer merges the draft remotely: name a remote, without quotes",
      ...(only === undefined ? {} : { suggestion: { message: `replace with \`${only}\``, replacement: only, span: review.span } }),
    });
    ok = false;
  } else if (resolveRef(ctx, review) === undefined) ok = false;
  if (!ok || (target.fallback !== null && fallback === undefined)) return undefined;
  return { kind: "synthesis", draft: target.draft.map((r) => r.name), review: review.name, fallback: fallback ?? null };
}

/** Checks and lowers a target chain. */
export function lowerTarget(ctx: CheckContext, target: Target, scope: TargetScope): TargetRule | undefined {
  switch (target.kind) {
    case "Candidates":
      return lowerCandidates(ctx, target, scope);
    case "Synthesize":
      return lowerSynthesize(ctx, target, scope);
    default:
      return assertNever(target, "target");
  }
}

/** A scope for a target that serves no particular class. */
export function anyClass(): TargetScope {
  return { className: null, cls: null, localReported: false };
}
