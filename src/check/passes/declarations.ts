/**
 * Pass `declarations`: indexes every declaration by name and reports duplicates. Later passes look names up in
 * `ctx.symbols`, where the first declaration of a name wins, so a duplicate is reported once, here.
 */
import type { Span } from "../../diagnostics/diagnostic.js";
import { assertNever } from "../../diagnostics/diagnostic.js";
import type { VramBlock } from "../../syntax/ast.js";
import type { CheckContext } from "../context.js";
import { headSpan, report } from "../context.js";

function declare<T extends { readonly span: Span }>(
  ctx: CheckContext,
  table: Map<string, T>,
  name: string,
  nameSpan: Span,
  decl: T,
  what: string,
): void {
  const first = table.get(name);
  if (first === undefined) {
    table.set(name, decl);
    return;
  }
  report(ctx, "R0201", nameSpan, `${what} \`${name}\` is declared twice`, {
    related: [{ span: nameSpanOf(first), message: `\`${name}\` is first declared here` }],
  });
}

/** Where a declaration's name is written, so the note underlines the name rather than the whole block. */
function nameSpanOf(decl: { readonly span: Span }): Span {
  if ("name" in decl && typeof decl.name === "object" && decl.name !== null && "span" in decl.name) return (decl.name as { readonly span: Span }).span;
  if ("which" in decl && typeof decl.which === "object" && decl.which !== null && "span" in decl.which) return (decl.which as { readonly span: Span }).span;
  return decl.span;
}

function single<T extends { readonly span: Span }>(ctx: CheckContext, first: T | null, decl: T, keyword: string, noun = "blocks"): T {
  if (first === null) return decl;
  report(ctx, "R0201", headSpan(decl.span, keyword.length), `the policy has two \`${keyword}\` ${noun}`, {
    related: [{ span: headSpan(first.span, keyword.length), message: "the first is here" }],
    help: "merge them into one",
  });
  return first;
}

function declareVram(ctx: CheckContext, block: VramBlock): void {
  const { vramLevels, vramAliases } = ctx.symbols;
  for (const entry of block.entries) {
    if (entry.kind === "VramLevel") {
      if (entry.name.name === "ok") {
        report(ctx, "R0201", entry.name.span, "`ok` is the implicit least severe VRAM level and cannot be declared", {
          help: "levels name the pressure above `ok`, most severe first",
        });
        continue;
      }
      declare(ctx, vramLevels, entry.name.name, entry.name.span, entry, "VRAM level");
    } else {
      declare(ctx, vramAliases, entry.which.name, entry.which.span, entry, "VRAM setting");
    }
  }
}

/** Collects declarations into `ctx.symbols`. */
export function runDeclarations(ctx: CheckContext): void {
  const s = ctx.symbols;
  const assertNames = new Map<string, { readonly span: Span }>();
  for (const item of ctx.input.items) {
    switch (item.kind) {
      case "Include":
        break;
      case "RuntimeDecl":
        declare(ctx, s.runtimes, item.name.name, item.name.span, item, "runtime");
        break;
      case "ModelDecl":
        declare(ctx, s.models, item.name.value, item.name.span, item, "model");
        break;
      case "RemoteDecl":
        declare(ctx, s.remotes, item.name.name, item.name.span, item, "remote");
        break;
      case "ClassDecl":
        declare(ctx, s.classes, item.name.name, item.name.span, item, "class");
        break;
      case "DenyDecl":
        declare(ctx, s.denySets, item.name.name, item.name.span, item, "deny set");
        break;
      case "ClassifyBlock":
        s.classify.push(...item.rules);
        break;
      case "EscalateBlock":
        s.escalate.push(...item.triggers);
        break;
      case "PathsDecl":
        s.paths = single(ctx, s.paths, item, "paths");
        break;
      case "VramBlock":
        if (s.vram === null) declareVram(ctx, item);
        s.vram = single(ctx, s.vram, item, "vram");
        break;
      case "RouteDecl":
      {
        const first = s.routes.get(item.class.name);
        if (first === undefined) s.routes.set(item.class.name, item);
        else
          report(ctx, "R0222", item.class.span, `class \`${item.class.name}\` has two routes`, {
            related: [{ span: first.span, message: "the first route is here" }],
            help: "merge the candidates into one route",
          });
        break;
      }
      case "OnErrorDecl":
        s.onError = single(ctx, s.onError, item, "on error", "targets");
        break;
      case "AssertDecl": {
        const before = assertNames.size;
        declare(ctx, assertNames, item.name.value, item.name.span, item, "assert");
        if (assertNames.size > before) s.asserts.push(item);
        break;
      }
      default:
        assertNever(item, "item");
    }
  }
}
