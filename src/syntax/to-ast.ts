/**
 * Step two of parsing: a validated CST visitor that builds the AST of `ast.ts`. It runs only on a CST without
 * parse errors, so every mandatory child is present; a missing one is a bug (`InternalError`). Operator chains,
 * which the grammar parses as loops, are folded here: `and`/`or` to the left, `=>` and `else` to the right.
 */
import type { CstNode, IToken } from "chevrotain";
import type { Diagnostic, Span } from "../diagnostics/diagnostic.js";
import { assertNever, InternalError } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import type * as A from "./ast.js";
import type * as C from "./cst.js";
import type { LineMap } from "./lex.js";
import { decodeString } from "./lex.js";
import { parser } from "./parser.js";

/** Deeper conditions or `else` chains are rejected: later stages walk the AST recursively. */
export const maxNesting = 200;

const BaseVisitor = parser.getBaseCstVisitorConstructor();

const units: readonly A.Unit[] = ["KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB", "k", "M", "%"];

function first<T>(items: readonly T[] | undefined, what: string): T {
  const item = items?.[0];
  if (item === undefined) throw new InternalError(`the CST lacks ${what}`);
  return item;
}

/**
 * The visitor. Methods are named after the grammar rules (chevrotain's `validateVisitor` checks that each rule
 * has one) and are called directly with the node, so every call is typed.
 */
class AstBuilder extends BaseVisitor {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly lines: LineMap) {
    super();
    this.validateVisitor();
  }

  private nodeSpan(node: CstNode): Span {
    const location = node.location;
    if (location === undefined || Number.isNaN(location.startOffset)) throw new InternalError(`no location on ${node.name}`);
    return this.lines.span(location.startOffset, (location.endOffset ?? location.startOffset) + 1);
  }

  private between(start: Span, end: Span): Span {
    return { file: start.file, start: start.start, end: end.end };
  }

  private ident(token: IToken): A.Ident {
    return { kind: "Ident", name: token.image, span: this.lines.tokenSpan(token) };
  }

  private str(token: IToken): A.Str {
    return { kind: "Str", value: decodeString(token.image).value, span: this.lines.tokenSpan(token) };
  }

  private num(token: IToken): A.Num {
    const raw = token.image;
    const unit = units.find((u) => raw.endsWith(u)) ?? null;
    const digits = unit === null ? raw : raw.slice(0, -unit.length);
    return { kind: "Num", value: Number(digits), unit, raw, span: this.lines.tokenSpan(token) };
  }

  private bool(token: IToken, value: boolean): A.Bool {
    return { kind: "Bool", value, span: this.lines.tokenSpan(token) };
  }

  sourceFile(ctx: C.SourceFileCstChildren, comments: readonly IToken[]): A.SourceFile {
    let header: A.PolicyHeader | null = null;
    const items: A.Item[] = [];
    for (const node of ctx.item ?? []) {
      const headerNode = node.children.header?.[0];
      if (headerNode === undefined) {
        items.push(this.item(node.children));
        continue;
      }
      const parsed = this.header(headerNode.children, headerNode);
      if (header !== null) {
        this.diagnostics.push(
          diagnostic("R0112", parsed.span, "duplicate `policy` header", {
            related: [{ span: header.span, message: "the policy is named here" }],
            help: "a policy has exactly one header; remove this one",
          }),
        );
      } else if (items.length > 0) {
        this.diagnostics.push(
          diagnostic("R0113", parsed.span, "the `policy` header must come first", {
            help: "move the header above every other declaration",
          }),
        );
        header = parsed;
      } else {
        header = parsed;
      }
    }
    return {
      kind: "SourceFile",
      file: this.lines.file,
      header,
      items,
      comments: comments.map((token) => ({ kind: "Comment", text: token.image.slice(1), span: this.lines.tokenSpan(token) })),
      span: this.lines.span(0, this.lines.text.length),
    };
  }

  item(ctx: C.ItemCstChildren): A.Item {
    const c = ctx;
    if (c.includeDecl) return this.includeDecl(first(c.includeDecl, "include").children, first(c.includeDecl, "include"));
    if (c.runtimeDecl) return this.runtimeDecl(c.runtimeDecl[0]!.children, c.runtimeDecl[0]!);
    if (c.modelDecl) return this.modelDecl(c.modelDecl[0]!.children, c.modelDecl[0]!);
    if (c.remoteDecl) return this.remoteDecl(c.remoteDecl[0]!.children, c.remoteDecl[0]!);
    if (c.classDecl) return this.classDecl(c.classDecl[0]!.children, c.classDecl[0]!);
    if (c.classifyBlock) return this.classifyBlock(c.classifyBlock[0]!.children, c.classifyBlock[0]!);
    if (c.denyDecl) return this.denyDecl(c.denyDecl[0]!.children, c.denyDecl[0]!);
    if (c.pathsDecl) return this.pathsDecl(c.pathsDecl[0]!.children, c.pathsDecl[0]!);
    if (c.vramBlock) return this.vramBlock(c.vramBlock[0]!.children, c.vramBlock[0]!);
    if (c.escalateBlock) return this.escalateBlock(c.escalateBlock[0]!.children, c.escalateBlock[0]!);
    if (c.routeDecl) return this.routeDecl(c.routeDecl[0]!.children, c.routeDecl[0]!);
    if (c.onErrorDecl) return this.onErrorDecl(c.onErrorDecl[0]!.children, c.onErrorDecl[0]!);
    if (c.assertDecl) return this.assertDecl(c.assertDecl[0]!.children, c.assertDecl[0]!);
    throw new InternalError("an item CST node with no declaration");
  }

  header(ctx: C.HeaderCstChildren, node: C.HeaderCstNode): A.PolicyHeader {
    const version = ctx.version?.[0];
    return {
      kind: "PolicyHeader",
      name: this.str(first(ctx.name, "the policy name")),
      version: version === undefined ? null : this.num(version),
      span: this.nodeSpan(node),
    };
  }

  includeDecl(ctx: C.IncludeDeclCstChildren, node: C.IncludeDeclCstNode): A.Include {
    return { kind: "Include", path: this.str(first(ctx.path, "the include path")), span: this.nodeSpan(node) };
  }

  runtimeDecl(ctx: C.RuntimeDeclCstChildren, node: C.RuntimeDeclCstNode): A.RuntimeDecl {
    return {
      kind: "RuntimeDecl",
      name: this.ident(first(ctx.name, "the runtime name")),
      properties: this.properties(ctx.property),
      span: this.nodeSpan(node),
    };
  }

  modelDecl(ctx: C.ModelDeclCstChildren, node: C.ModelDeclCstNode): A.ModelDecl {
    return {
      kind: "ModelDecl",
      name: this.str(first(ctx.name, "the model name")),
      runtime: this.ident(first(ctx.runtime, "the model runtime")),
      properties: this.properties(ctx.property),
      span: this.nodeSpan(node),
    };
  }

  remoteDecl(ctx: C.RemoteDeclCstChildren, node: C.RemoteDeclCstNode): A.RemoteDecl {
    return {
      kind: "RemoteDecl",
      name: this.ident(first(ctx.name, "the remote name")),
      properties: this.properties(ctx.property),
      span: this.nodeSpan(node),
    };
  }

  classDecl(ctx: C.ClassDeclCstChildren, node: C.ClassDeclCstNode): A.ClassDecl {
    const description = ctx.description?.[0];
    return {
      kind: "ClassDecl",
      name: this.ident(first(ctx.name, "the class name")),
      description: description === undefined ? null : this.str(description),
      properties: this.properties(ctx.property),
      span: this.nodeSpan(node),
    };
  }

  pathsDecl(ctx: C.PathsDeclCstChildren, node: C.PathsDeclCstNode): A.PathsDecl {
    return { kind: "PathsDecl", properties: this.properties(ctx.property), span: this.nodeSpan(node) };
  }

  private properties(nodes: readonly C.PropertyCstNode[] | undefined): A.Property[] {
    return (nodes ?? []).map((node) => this.property(node.children, node));
  }

  property(ctx: C.PropertyCstChildren, node: C.PropertyCstNode): A.Property {
    const value = first(ctx.value, "a property value");
    return {
      kind: "Property",
      key: this.ident(first(ctx.key, "a property key")),
      value: this.value(value.children),
      span: this.nodeSpan(node),
    };
  }

  value(ctx: C.ValueCstChildren): A.Value {
    if (ctx.StringLiteral) return this.str(ctx.StringLiteral[0]!);
    if (ctx.Quantity) return this.num(ctx.Quantity[0]!);
    if (ctx.Yes) return this.bool(ctx.Yes[0]!, true);
    if (ctx.True) return this.bool(ctx.True[0]!, true);
    if (ctx.No) return this.bool(ctx.No[0]!, false);
    if (ctx.False) return this.bool(ctx.False[0]!, false);
    return this.ident(first(ctx.Word, "a value"));
  }

  valueList(ctx: C.ValueListCstChildren): A.Value[] {
    return (ctx.value ?? []).map((node) => this.value(node.children));
  }

  classifyBlock(ctx: C.ClassifyBlockCstChildren, node: C.ClassifyBlockCstNode): A.ClassifyBlock {
    return {
      kind: "ClassifyBlock",
      rules: (ctx.classifyRule ?? []).map((rule) => this.classifyRule(rule.children, rule)),
      span: this.nodeSpan(node),
    };
  }

  classifyRule(ctx: C.ClassifyRuleCstChildren, node: C.ClassifyRuleCstNode): A.ClassifyRule {
    const otherwise = ctx.Otherwise?.[0];
    const condition: A.Expr | A.Otherwise =
      otherwise === undefined
        ? this.topCondition(first(ctx.condition, "a classify condition"))
        : { kind: "Otherwise", span: this.lines.tokenSpan(otherwise) };
    return {
      kind: "ClassifyRule",
      condition,
      class: this.ident(first(ctx.class, "the class of a classify rule")),
      span: this.nodeSpan(node),
    };
  }

  denyDecl(ctx: C.DenyDeclCstChildren, node: C.DenyDeclCstNode): A.DenyDecl {
    const description = ctx.description?.[0];
    return {
      kind: "DenyDecl",
      name: this.ident(first(ctx.name, "the deny set name")),
      description: description === undefined ? null : this.str(description),
      entries: (ctx.denyEntry ?? []).map((entry) => this.denyEntry(entry.children)),
      span: this.nodeSpan(node),
    };
  }

  denyEntry(ctx: C.DenyEntryCstChildren): A.DenyEntry {
    if (ctx.useSet) return this.useSet(ctx.useSet[0]!.children, ctx.useSet[0]!);
    if (ctx.denyPattern) return this.denyPattern(ctx.denyPattern[0]!.children, ctx.denyPattern[0]!);
    const dangling = first(ctx.danglingExcept, "a deny entry");
    return this.danglingExcept(dangling.children, dangling);
  }

  useSet(ctx: C.UseSetCstChildren, node: C.UseSetCstNode): A.UseSet {
    return { kind: "UseSet", path: ctx.part.map((part) => this.ident(part)), span: this.nodeSpan(node) };
  }

  denyPattern(ctx: C.DenyPatternCstChildren, node: C.DenyPatternCstNode): A.DenyPattern {
    return {
      kind: "DenyPattern",
      pattern: this.str(first(ctx.pattern, "a deny pattern")),
      excepts: (ctx.except ?? []).map((token) => this.str(token)),
      span: this.nodeSpan(node),
    };
  }

  danglingExcept(ctx: C.DanglingExceptCstChildren, node: C.DanglingExceptCstNode): A.DanglingExcept {
    return { kind: "DanglingExcept", pattern: this.str(first(ctx.pattern, "an except pattern")), span: this.nodeSpan(node) };
  }

  vramBlock(ctx: C.VramBlockCstChildren, node: C.VramBlockCstNode): A.VramBlock {
    return {
      kind: "VramBlock",
      entries: (ctx.vramEntry ?? []).map((entry) => this.vramEntry(entry.children, entry)),
      span: this.nodeSpan(node),
    };
  }

  vramEntry(ctx: C.VramEntryCstChildren, node: C.VramEntryCstNode): A.VramLevel | A.VramAlias {
    const name = this.ident(first(ctx.name, "a VRAM level name"));
    const level = ctx.level?.[0];
    if (level !== undefined) return { kind: "VramAlias", which: name, level: this.ident(level), span: this.nodeSpan(node) };
    return {
      kind: "VramLevel",
      name,
      condition: this.topCondition(first(ctx.condition, "a VRAM level condition")),
      span: this.nodeSpan(node),
    };
  }

  escalateBlock(ctx: C.EscalateBlockCstChildren, node: C.EscalateBlockCstNode): A.EscalateBlock {
    return {
      kind: "EscalateBlock",
      triggers: (ctx.escalateTrigger ?? []).map((trigger) => this.escalateTrigger(trigger.children, trigger)),
      span: this.nodeSpan(node),
    };
  }

  escalateTrigger(ctx: C.EscalateTriggerCstChildren, node: C.EscalateTriggerCstNode): A.EscalateTrigger {
    const reason = ctx.reason?.[0];
    const target = first(ctx.target, "an escalation target");
    return {
      kind: "EscalateTrigger",
      condition: this.topCondition(first(ctx.condition, "an escalation condition")),
      target: this.target(target.children, target),
      reason: reason === undefined ? null : this.str(reason),
      span: this.nodeSpan(node),
    };
  }

  routeDecl(ctx: C.RouteDeclCstChildren, node: C.RouteDeclCstNode): A.RouteDecl {
    const target = first(ctx.target, "a route target");
    return {
      kind: "RouteDecl",
      class: this.ident(first(ctx.class, "a route class")),
      target: this.target(target.children, target),
      span: this.nodeSpan(node),
    };
  }

  onErrorDecl(ctx: C.OnErrorDeclCstChildren, node: C.OnErrorDeclCstNode): A.OnErrorDecl {
    const target = first(ctx.target, "an `on error` target");
    return { kind: "OnErrorDecl", target: this.target(target.children, target), span: this.nodeSpan(node) };
  }

  assertDecl(ctx: C.AssertDeclCstChildren, node: C.AssertDeclCstNode): A.AssertDecl {
    return {
      kind: "AssertDecl",
      name: this.str(first(ctx.name, "an assert name")),
      condition: this.topCondition(first(ctx.condition, "an assert condition")),
      span: this.nodeSpan(node),
    };
  }

  // Targets --------------------------------------------------------------------------------------------

  target(ctx: C.TargetCstChildren, node: C.TargetCstNode): A.Target {
    const segments = ctx.targetSegment;
    if (segments.length > maxNesting) {
      const tooDeep = segments[maxNesting]!;
      this.diagnostics.push(
        diagnostic("R0107", this.nodeSpan(tooDeep), `\`else\` chain is nested too deeply (more than ${maxNesting} levels)`),
      );
    }
    const end = this.nodeSpan(node);
    let fallback: A.Target | null = null;
    for (let i = segments.length - 1; i >= 0; i--) {
      const segment = segments[i]!;
      fallback = this.targetSegment(segment.children, this.between(this.nodeSpan(segment), end), fallback);
    }
    if (fallback === null) throw new InternalError("a target with no segment");
    return fallback;
  }

  targetSegment(ctx: C.TargetSegmentCstChildren, span: Span, fallback: A.Target | null): A.Target {
    const synthesize = ctx.synthesize?.[0];
    if (synthesize !== undefined) return this.synthesize(synthesize.children, span, fallback);
    return this.candidates(first(ctx.candidates, "target candidates").children, span, fallback);
  }

  synthesize(ctx: C.SynthesizeCstChildren, span: Span, fallback: A.Target | null): A.Synthesize {
    return {
      kind: "Synthesize",
      draft: ctx.draft.map((ref) => this.targetRef(ref.children)),
      review: this.targetRef(first(ctx.review, "a review target").children),
      fallback,
      span,
    };
  }

  /** A lone remote (`-> claude`) is a one-candidate list: `candidates: [claude]`, no fallback. */
  candidates(ctx: C.CandidatesCstChildren, span: Span, fallback: A.Target | null): A.Candidates {
    return { kind: "Candidates", candidates: ctx.targetRef.map((ref) => this.targetRef(ref.children)), fallback, span };
  }

  targetRef(ctx: C.TargetRefCstChildren): A.TargetRef {
    const quoted = ctx.StringLiteral?.[0];
    if (quoted !== undefined) {
      return { kind: "TargetRef", name: decodeString(quoted.image).value, quoted: true, span: this.lines.tokenSpan(quoted) };
    }
    const bare = first(ctx.Word, "a target name");
    return { kind: "TargetRef", name: bare.image, quoted: false, span: this.lines.tokenSpan(bare) };
  }

  // Conditions -----------------------------------------------------------------------------------------

  /** A whole condition, rejected when deeper than `maxNesting` (measured with a bounded walk). */
  private topCondition(node: C.ConditionCstNode): A.Expr {
    const expr = this.condition(node.children, node);
    if (exceedsDepth(expr, maxNesting)) {
      this.diagnostics.push(
        diagnostic("R0107", expr.span, `condition is nested too deeply (more than ${maxNesting} levels)`, {
          help: "split the condition into simpler rules",
        }),
      );
    }
    return expr;
  }

  condition(ctx: C.ConditionCstChildren, node: C.ConditionCstNode): A.Expr {
    const operands = ctx.orExpr;
    const end = this.nodeSpan(node);
    let right: A.Expr | null = null;
    for (let i = operands.length - 1; i >= 0; i--) {
      const operand = operands[i]!;
      const left = this.orExpr(operand.children, operand);
      right = right === null ? left : { kind: "Binary", op: "=>", left, right, span: this.between(this.nodeSpan(operand), end) };
    }
    if (right === null) throw new InternalError("a condition with no operand");
    return right;
  }

  orExpr(ctx: C.OrExprCstChildren, node: C.OrExprCstNode): A.Expr {
    return this.foldLeft(
      "or",
      node,
      ctx.andExpr.map((operand) => [this.andExpr(operand.children, operand), operand] as const),
    );
  }

  andExpr(ctx: C.AndExprCstChildren, node: C.AndExprCstNode): A.Expr {
    return this.foldLeft(
      "and",
      node,
      ctx.notExpr.map((operand) => [this.notExpr(operand.children), operand] as const),
    );
  }

  private foldLeft(op: "and" | "or", node: CstNode, operands: readonly (readonly [A.Expr, CstNode])[]): A.Expr {
    const start = this.nodeSpan(node);
    let left: A.Expr | null = null;
    for (const [expr, operand] of operands) {
      left = left === null ? expr : { kind: "Binary", op, left, right: expr, span: this.between(start, this.nodeSpan(operand)) };
    }
    if (left === null) throw new InternalError(`an \`${op}\` chain with no operand`);
    return left;
  }

  notExpr(ctx: C.NotExprCstChildren): A.Expr {
    const atom = first(ctx.atom, "an atom");
    let expr = this.atom(atom.children);
    const nots = ctx.Not ?? [];
    for (let i = nots.length - 1; i >= 0; i--) {
      const span = this.lines.tokenSpan(nots[i]!);
      expr = { kind: "Not", operand: expr, span: this.between(span, expr.span) };
    }
    return expr;
  }

  atom(ctx: C.AtomCstChildren): A.Expr {
    if (ctx.parenExpr) return this.parenExpr(ctx.parenExpr[0]!.children);
    if (ctx.True) return { kind: "BoolExpr", value: true, span: this.lines.tokenSpan(ctx.True[0]!) };
    if (ctx.False) return { kind: "BoolExpr", value: false, span: this.lines.tokenSpan(ctx.False[0]!) };
    if (ctx.labelAtom) return this.labelAtom(ctx.labelAtom[0]!.children, ctx.labelAtom[0]!);
    if (ctx.deniedAtom) return this.deniedAtom(ctx.deniedAtom[0]!.children, ctx.deniedAtom[0]!);
    if (ctx.vramAtom) return this.vramAtom(ctx.vramAtom[0]!.children, ctx.vramAtom[0]!);
    if (ctx.fileMatch) return this.fileMatch(ctx.fileMatch[0]!.children, ctx.fileMatch[0]!);
    if (ctx.targetIsAtom) return this.targetIsAtom(ctx.targetIsAtom[0]!.children, ctx.targetIsAtom[0]!);
    const feature = first(ctx.featureAtom, "an atom");
    return this.featureAtom(feature.children, feature);
  }

  /** Parentheses only group: the inner condition keeps its own span. */
  parenExpr(ctx: C.ParenExprCstChildren): A.Expr {
    const inner = first(ctx.condition, "a parenthesized condition");
    return this.condition(inner.children, inner);
  }

  labelAtom(ctx: C.LabelAtomCstChildren, node: C.LabelAtomCstNode): A.HasLabel {
    const list = ctx.valueList?.[0];
    const values = list === undefined ? [this.value(first(ctx.value, "a label").children)] : this.valueList(list.children);
    return { kind: "HasLabel", values, span: this.nodeSpan(node) };
  }

  deniedAtom(ctx: C.DeniedAtomCstChildren, node: C.DeniedAtomCstNode): A.Denied {
    const set = first(ctx.set, "a deny set name");
    return { kind: "Denied", set: set.image === "path" ? null : this.ident(set), span: this.nodeSpan(node) };
  }

  vramAtom(ctx: C.VramAtomCstChildren, node: C.VramAtomCstNode): A.VramAtLeast {
    return { kind: "VramAtLeast", level: this.ident(first(ctx.level, "a VRAM level")), span: this.nodeSpan(node) };
  }

  fileMatch(ctx: C.FileMatchCstChildren, node: C.FileMatchCstNode): A.FileMatch {
    const quantifier = ctx.Any ? "any" : ctx.All ? "all" : "no";
    return { kind: "FileMatch", quantifier, pattern: this.str(first(ctx.pattern, "a file glob")), span: this.nodeSpan(node) };
  }

  targetIsAtom(ctx: C.TargetIsAtomCstChildren, node: C.TargetIsAtomCstNode): A.TargetIs {
    return { kind: "TargetIs", location: ctx.Local ? "local" : "remote", span: this.nodeSpan(node) };
  }

  featureAtom(ctx: C.FeatureAtomCstChildren, node: C.FeatureAtomCstNode): A.Expr {
    const feature = this.ident(first(ctx.feature, "a feature"));
    const span = this.nodeSpan(node);
    const op = ctx.CompareOp?.[0];
    if (op !== undefined) {
      const value = this.value(first(ctx.value, "a compared value").children);
      return { kind: "Compare", feature, op: op.image as A.ComparisonOp, value, span };
    }
    const list = ctx.valueList?.[0];
    if (list !== undefined) {
      return { kind: "Membership", feature, negated: ctx.Not !== undefined, values: this.valueList(list.children), span };
    }
    return { kind: "Flag", name: feature, span };
  }
}

/** True when `expr` nests deeper than `limit`; the walk stops at the limit, so it cannot overflow the stack. */
function exceedsDepth(expr: A.Expr, limit: number): boolean {
  if (limit <= 0) return true;
  switch (expr.kind) {
    case "Binary":
      return exceedsDepth(expr.left, limit - 1) || exceedsDepth(expr.right, limit - 1);
    case "Not":
      return exceedsDepth(expr.operand, limit - 1);
    case "Compare":
    case "Membership":
    case "HasLabel":
    case "Denied":
    case "VramAtLeast":
    case "FileMatch":
    case "Flag":
    case "TargetIs":
    case "BoolExpr":
      return false;
    default:
      return assertNever(expr, "condition");
  }
}

/** Builds the AST of a parsed file, with diagnostics for what the grammar accepts but a file may not hold. */
export function toAst(
  cst: C.SourceFileCstNode,
  comments: readonly IToken[],
  lines: LineMap,
): { readonly file: A.SourceFile; readonly diagnostics: readonly Diagnostic[] } {
  const builder = new AstBuilder(lines);
  const file = builder.sourceFile(cst.children, comments);
  return { file, diagnostics: builder.diagnostics };
}
