/**
 * Random `.route` ASTs that the parser can produce: names avoid keywords (a `Flag` named `true` would parse as
 * `BoolExpr`), a `DanglingExcept` never follows a pattern (it would parse as that pattern's `except`), and
 * numbers keep `raw` consistent with `value` and `unit`. Spans are dummies; compare with `stripSpans`.
 */
import fc from "fast-check";
import type * as A from "../../src/syntax/ast.js";
import { keywords } from "../../src/syntax/tokens.js";

const here: A.Span = { file: "random.route", start: { offset: 0, line: 1, column: 1 }, end: { offset: 0, line: 1, column: 1 } };

const reserved = new Set([...keywords.map((token) => (token.PATTERN as RegExp).source), "path"]);

export const identName: fc.Arbitrary<string> = fc
  .stringMatching(/^[A-Za-z_][A-Za-z0-9_]{0,7}$/)
  .filter((name) => !reserved.has(name));

export const ident: fc.Arbitrary<A.Ident> = identName.map((name) => ({ kind: "Ident", name, span: here }));

/** Any text, including quotes, backslashes, control characters and astral code points. */
export const anyText: fc.Arbitrary<string> = fc.oneof(
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.constantFrom("**/.env", "~/.ssh/**", 'say "hi"', "back\\slash", "tab\tnew\nline", "qwen2.5:7b-instruct"),
);

export const str: fc.Arbitrary<A.Str> = anyText.map((value) => ({ kind: "Str", value, span: here }));

const unitArb: fc.Arbitrary<A.Unit | null> = fc.constantFrom(null, "k", "M", "KiB", "MiB", "GiB", "TiB", "KB", "MB", "GB", "TB", "%");

export const num: fc.Arbitrary<A.Num> = fc
  .tuple(fc.nat(999_999), fc.option(fc.nat(99)), unitArb)
  .map(([whole, fraction, unit]) => {
    const digits = fraction === null ? `${whole}` : `${whole}.${fraction}`;
    return { kind: "Num", value: Number(digits), unit, raw: `${digits}${unit ?? ""}`, span: here };
  });

const bool: fc.Arbitrary<A.Bool> = fc.boolean().map((value) => ({ kind: "Bool", value, span: here }));

export const value: fc.Arbitrary<A.Value> = fc.oneof(str, num, bool, ident);

const values = fc.array(value, { maxLength: 3 });

const atom: fc.Arbitrary<A.Expr> = fc.oneof(
  fc.record({
    kind: fc.constant("Compare" as const),
    feature: ident,
    op: fc.constantFrom<A.ComparisonOp>("==", "!=", "<", "<=", ">", ">="),
    value,
    span: fc.constant(here),
  }),
  fc.record({ kind: fc.constant("Membership" as const), feature: ident, negated: fc.boolean(), values, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("HasLabel" as const), values, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("Denied" as const), set: fc.option(ident), span: fc.constant(here) }),
  fc.record({ kind: fc.constant("VramAtLeast" as const), level: ident, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("FileMatch" as const), quantifier: fc.constantFrom("any", "all", "no"), pattern: str, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("Flag" as const), name: ident, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("TargetIs" as const), location: fc.constantFrom("local", "remote"), span: fc.constant(here) }),
  fc.record({ kind: fc.constant("BoolExpr" as const), value: fc.boolean(), span: fc.constant(here) }),
);

export const expr: fc.Arbitrary<A.Expr> = fc.letrec<{ expr: A.Expr }>((tie) => ({
  expr: fc.oneof(
    { maxDepth: 4, depthIdentifier: "expr" },
    atom,
    fc.record({
      kind: fc.constant("Binary" as const),
      op: fc.constantFrom("and", "or", "=>"),
      left: tie("expr"),
      right: tie("expr"),
      span: fc.constant(here),
    }),
    fc.record({ kind: fc.constant("Not" as const), operand: tie("expr"), span: fc.constant(here) }),
  ),
})).expr;

const targetRef: fc.Arbitrary<A.TargetRef> = fc.oneof(
  anyText.map((name) => ({ kind: "TargetRef" as const, name, quoted: true, span: here })),
  identName.map((name) => ({ kind: "TargetRef" as const, name, quoted: false, span: here })),
);

type Segment = { readonly kind: "Candidates"; readonly refs: A.TargetRef[] } | { readonly kind: "Synthesize"; readonly draft: A.TargetRef[]; readonly review: A.TargetRef };

const segmentArb: fc.Arbitrary<Segment> = fc.oneof(
  fc.record({ kind: fc.constant("Candidates" as const), refs: fc.array(targetRef, { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant("Synthesize" as const), draft: fc.array(targetRef, { minLength: 1, maxLength: 3 }), review: targetRef }),
);

/** `a, b else synthesize … else c`: the parser folds `else` chains to the right. */
export const target: fc.Arbitrary<A.Target> = fc.array(segmentArb, { minLength: 1, maxLength: 3 }).map((segments) =>
  segments.reduceRight<A.Target | null>(
    (fallback, s) =>
      s.kind === "Candidates"
        ? { kind: "Candidates", candidates: s.refs, fallback, span: here }
        : { kind: "Synthesize", draft: s.draft, review: s.review, fallback, span: here },
    null,
  )!,
);

const property: fc.Arbitrary<A.Property> = fc.record({ kind: fc.constant("Property" as const), key: ident, value, span: fc.constant(here) });
const properties = fc.array(property, { maxLength: 5 });

const denyEntry: fc.Arbitrary<A.DenyEntry> = fc.oneof(
  fc.record({ kind: fc.constant("DenyPattern" as const), pattern: str, excepts: fc.array(str, { maxLength: 2 }), span: fc.constant(here) }),
  fc.record({ kind: fc.constant("UseSet" as const), path: fc.array(ident, { minLength: 1, maxLength: 3 }), span: fc.constant(here) }),
  fc.record({ kind: fc.constant("DanglingExcept" as const), pattern: str, span: fc.constant(here) }),
);

/** Drops each `except` that would follow a pattern: the parser would read it as that pattern's exception. */
function parseableEntries(entries: readonly A.DenyEntry[]): A.DenyEntry[] {
  const kept: A.DenyEntry[] = [];
  for (const entry of entries) {
    if (entry.kind === "DanglingExcept" && kept[kept.length - 1]?.kind === "DenyPattern") continue;
    kept.push(entry);
  }
  return kept;
}

const otherwise: fc.Arbitrary<A.Otherwise> = fc.constant({ kind: "Otherwise", span: here });

const item: fc.Arbitrary<A.Item> = fc.oneof(
  fc.record({ kind: fc.constant("Include" as const), path: str, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("RuntimeDecl" as const), name: ident, properties, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("ModelDecl" as const), name: str, runtime: ident, properties, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("RemoteDecl" as const), name: ident, properties, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("ClassDecl" as const), name: ident, description: fc.option(str), properties, span: fc.constant(here) }),
  fc.record({
    kind: fc.constant("ClassifyBlock" as const),
    rules: fc.array(
      fc.record({ kind: fc.constant("ClassifyRule" as const), condition: fc.oneof(expr, otherwise), class: ident, span: fc.constant(here) }),
      { maxLength: 4 },
    ),
    span: fc.constant(here),
  }),
  fc.record({
    kind: fc.constant("DenyDecl" as const),
    name: ident,
    description: fc.option(str),
    entries: fc.array(denyEntry, { maxLength: 4 }).map(parseableEntries),
    span: fc.constant(here),
  }),
  fc.record({ kind: fc.constant("PathsDecl" as const), properties, span: fc.constant(here) }),
  fc.record({
    kind: fc.constant("VramBlock" as const),
    entries: fc.array(
      fc.oneof(
        fc.record({ kind: fc.constant("VramLevel" as const), name: ident, condition: expr, span: fc.constant(here) }),
        fc.record({ kind: fc.constant("VramAlias" as const), which: ident, level: ident, span: fc.constant(here) }),
      ),
      { maxLength: 4 },
    ),
    span: fc.constant(here),
  }),
  fc.record({
    kind: fc.constant("EscalateBlock" as const),
    triggers: fc.array(
      fc.record({ kind: fc.constant("EscalateTrigger" as const), condition: expr, target, reason: fc.option(str), span: fc.constant(here) }),
      { maxLength: 4 },
    ),
    span: fc.constant(here),
  }),
  fc.record({ kind: fc.constant("RouteDecl" as const), class: ident, target, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("OnErrorDecl" as const), target, span: fc.constant(here) }),
  fc.record({ kind: fc.constant("AssertDecl" as const), name: str, condition: expr, span: fc.constant(here) }),
);

const header: fc.Arbitrary<A.PolicyHeader> = fc.record({
  kind: fc.constant("PolicyHeader" as const),
  name: str,
  version: fc.option(num),
  span: fc.constant(here),
});

/** A whole file without comments (the printer's comment handling is exercised by perturbing printed text). */
export const sourceFile: fc.Arbitrary<A.SourceFile> = fc.record({
  kind: fc.constant("SourceFile" as const),
  file: fc.constant("random.route"),
  header: fc.option(header),
  items: fc.array(item, { maxLength: 8 }),
  comments: fc.constant([]),
  span: fc.constant(here),
});
