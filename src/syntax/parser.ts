/**
 * The `.route` grammar as a chevrotain CstParser: step one of parsing (text → CST). It builds a concrete syntax
 * tree only; `to-ast.ts` gives it meaning. Rules are class properties so a misspelled `SUBRULE` target fails to
 * compile. `grammar/route.ebnf` documents the same grammar, rule for rule (a test keeps them in step).
 */
import { CstParser, EOF, tokenMatcher } from "chevrotain";
import type { IParserErrorMessageProvider, IRecognitionException, IToken, TokenType } from "chevrotain";
import { InternalError } from "../diagnostics/diagnostic.js";
import type { SourceFileCstNode } from "./cst.js";
import * as t from "./tokens.js";

/** What a block rule closes and holds, for "expected `}` to close the `classify` block". */
const blocks: Readonly<Record<string, { readonly keyword: string; readonly entry: string }>> = {
  runtimeDecl: { keyword: "runtime", entry: "a property" },
  modelDecl: { keyword: "model", entry: "a property" },
  remoteDecl: { keyword: "remote", entry: "a property" },
  classDecl: { keyword: "class", entry: "a property" },
  classifyBlock: { keyword: "classify", entry: "a classification rule" },
  denyDecl: { keyword: "deny", entry: "a glob pattern, `use` or `except`" },
  pathsDecl: { keyword: "paths", entry: "a property" },
  vramBlock: { keyword: "vram", entry: "a VRAM level" },
  escalateBlock: { keyword: "escalate", entry: "an escalation trigger" },
};

/** Keywords that start a declaration: finding one where a `}` is due means the block was left open. */
const declarationKeywords: readonly TokenType[] = [
  t.Policy, t.Include, t.Runtime, t.Model, t.Remote, t.Class, t.Classify, t.Deny, t.Paths, t.Vram, t.Escalate,
  t.Route, t.On, t.Assert,
];

/** What a rule with alternatives expects, for "expected a condition, found `}`". */
const expectations: Readonly<Record<string, string>> = {
  item: "a declaration",
  condition: "a condition",
  atom: "a condition",
  classifyRule: "a classification rule",
  escalateTrigger: "an escalation trigger",
  value: "a value",
  labelAtom: "a label or `in [...]`",
  targetIsAtom: "`local` or `remote`",
  fileMatch: "`any file`, `all files` or `no file`",
  targetSegment: "a target (a quoted model name or a remote name)",
  targetRef: "a target (a quoted model name or a remote name)",
  denyEntry: "a glob pattern, `use` or `except`",
  vramEntry: "`when` or `as`",
  featureAtom: "a comparison operator or `in`",
  useSet: "a built-in set name such as `std.secrets`",
  synthesize: "a quoted model name to draft with",
  candidates: "a target (a quoted model name or a remote name)",
};

/** What follows a keyword that starts a condition, for "`denied` needs a deny set name or `path`". */
const keywordAtomNeeds: readonly (readonly [TokenType, string])[] = [
  [t.Denied, "a deny set name or `path`"],
  [t.Vram, "a VRAM level"],
  [t.Label, "a label or `in [...]`"],
];

/** Quotes a token as the user wrote it, or names the end of the file. */
export function describeToken(token: IToken): string {
  if (token.tokenType === EOF) return "end of file";
  const image = token.image.length > 40 ? `${token.image.slice(0, 40)}…` : token.image;
  return `\`${image}\``;
}

function describeType(type: TokenType): string {
  return type.LABEL ?? type.name;
}

/** Thrown from the message provider to end a parse at its second error (see `parseToFirstError`). */
class ParseStopped extends Error {}

/** How many more errors the current parse may build messages for before it is stopped. */
let errorBudget = Number.POSITIVE_INFINITY;

function spendError(): void {
  if (errorBudget <= 0) throw new ParseStopped("parse stopped after its first error");
  errorBudget--;
}

/** Messages follow Cedar's rules: lowercase, no final period, user text in backticks. */
export const errorMessageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual, ruleName }) {
    spendError();
    const found = describeToken(actual);
    // Recovery re-syncs the top rule against the end of input: the user sees it as a stray token.
    if (expected === EOF) return `expected a declaration, found ${found}`;
    const block = blocks[ruleName];
    if (expected === t.RBrace && block !== undefined) {
      const leftOpen = actual.tokenType === EOF || declarationKeywords.includes(actual.tokenType);
      return leftOpen
        ? `expected \`}\` to close the \`${block.keyword}\` block, found ${found}`
        : `expected ${block.entry} or \`}\` in the \`${block.keyword}\` block, found ${found}`;
    }
    if (expected === t.RBracket) return `expected \`]\` to close the list, found ${found}`;
    if (expected === t.RParen) return `expected \`)\` to close \`(\`, found ${found}`;
    return `expected ${describeType(expected)}, found ${found}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    spendError();
    return `expected a declaration, found ${describeToken(firstRedundant)}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    spendError();
    const first = actual[0];
    const found = first === undefined ? "end of file" : describeToken(first);
    const next = actual[1];
    if (ruleName === "atom" && first !== undefined && next !== undefined) {
      const needs = keywordAtomNeeds.find(([type]) => tokenMatcher(first, type));
      if (needs !== undefined) return `\`${first.image}\` needs ${needs[1]}, found ${describeToken(next)}`;
    }
    return `expected ${expectations[ruleName] ?? "something else"}, found ${found}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    spendError();
    const first = actual[0];
    const found = first === undefined ? "end of file" : describeToken(first);
    return `expected ${expectations[ruleName] ?? "something else"}, found ${found}`;
  },
};

/**
 * True when the tokens `la(1)`, `la(2)`, `la(3)` begin a top-level declaration. Block loops stop there, so a
 * missing `}` is one error at the next declaration instead of a cascade through the rest of the file, and the
 * driver resumes there after an error. Up to three tokens are looked at because every keyword is also a valid
 * name inside blocks (`vram 5GiB` is a property, `vram {` a block; `model "m"` is a property of a remote,
 * `model "m" on` a declaration). Word positions at the end of a declaration (values, target names, features)
 * are gated on it too, so `route L2 ->` followed by `assert …` reports the missing target.
 */
export function startsItem(la: (n: number) => IToken): boolean {
  const a = la(1);
  const b = la(2);
  const c = la(3);
  const is = (token: IToken, type: TokenType): boolean => tokenMatcher(token, type);
  if (is(a, t.Policy) || is(a, t.Include)) return is(b, t.StringLiteral);
  if (is(a, t.Runtime) || is(a, t.Remote)) return is(b, t.Word) && is(c, t.LBrace);
  if (is(a, t.Model)) return is(b, t.StringLiteral) && is(c, t.On);
  if (is(a, t.Class) || is(a, t.Deny)) return is(b, t.Word) && (is(c, t.LBrace) || is(c, t.StringLiteral));
  if (is(a, t.Route)) return is(b, t.Word);
  if (is(a, t.Classify) || is(a, t.Paths) || is(a, t.Vram) || is(a, t.Escalate)) return is(b, t.LBrace);
  if (is(a, t.On)) return is(b, t.ErrorKw);
  if (is(a, t.Assert)) return is(b, t.StringLiteral);
  return false;
}

export class RouteParser extends CstParser {
  constructor() {
    super(t.allTokens as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 3,
      nodeLocationTracking: "onlyOffset",
      errorMessageProvider,
    });
    this.performSelfAnalysis();
  }

  private notAtItemStart = (): boolean => !startsItem((n) => this.LA(n));

  /** `and`/`or` are never word values, so `kind == and files > 2` reports the missing value at `and`. */
  private atWordValue = (): boolean =>
    !tokenMatcher(this.LA(1), t.And) && !tokenMatcher(this.LA(1), t.Or) && !startsItem((n) => this.LA(n));

  /**
   * A keyword that starts its own atom is not a feature name there, so `denied -> claude` is reported at the
   * missing set name instead of being read as a flag named `denied`.
   */
  private atFeature = (): boolean => {
    if (startsItem((n) => this.LA(n))) return false;
    const a = this.LA(1);
    const b = this.LA(2);
    if ([t.Label, t.Denied, t.Vram, t.True, t.False, t.Not, t.And, t.Or].some((type) => tokenMatcher(a, type))) return false;
    if ((tokenMatcher(a, t.Any) || tokenMatcher(a, t.No)) && tokenMatcher(b, t.File)) return false;
    if (tokenMatcher(a, t.All) && tokenMatcher(b, t.Files)) return false;
    return !(tokenMatcher(a, t.Target) && tokenMatcher(b, t.Is));
  };

  public sourceFile = this.RULE("sourceFile", () => {
    this.MANY(() => this.SUBRULE(this.item));
  });

  public item = this.RULE("item", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.header) },
      { ALT: () => this.SUBRULE(this.includeDecl) },
      { ALT: () => this.SUBRULE(this.runtimeDecl) },
      { ALT: () => this.SUBRULE(this.modelDecl) },
      { ALT: () => this.SUBRULE(this.remoteDecl) },
      { ALT: () => this.SUBRULE(this.classDecl) },
      { ALT: () => this.SUBRULE(this.classifyBlock) },
      { ALT: () => this.SUBRULE(this.denyDecl) },
      { ALT: () => this.SUBRULE(this.pathsDecl) },
      { ALT: () => this.SUBRULE(this.vramBlock) },
      { ALT: () => this.SUBRULE(this.escalateBlock) },
      { ALT: () => this.SUBRULE(this.routeDecl) },
      { ALT: () => this.SUBRULE(this.onErrorDecl) },
      { ALT: () => this.SUBRULE(this.assertDecl) },
    ]);
  });

  public header = this.RULE("header", () => {
    this.CONSUME(t.Policy);
    this.CONSUME(t.StringLiteral, { LABEL: "name" });
    this.OPTION(() => {
      this.CONSUME(t.Version);
      this.CONSUME(t.Quantity, { LABEL: "version" });
    });
  });

  public includeDecl = this.RULE("includeDecl", () => {
    this.CONSUME(t.Include);
    this.CONSUME(t.StringLiteral, { LABEL: "path" });
  });

  public runtimeDecl = this.RULE("runtimeDecl", () => {
    this.CONSUME(t.Runtime);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.propertyBlock();
  });

  public modelDecl = this.RULE("modelDecl", () => {
    this.CONSUME(t.Model);
    this.CONSUME(t.StringLiteral, { LABEL: "name" });
    this.CONSUME(t.On);
    this.CONSUME(t.Word, { LABEL: "runtime" });
    this.propertyBlock();
  });

  public remoteDecl = this.RULE("remoteDecl", () => {
    this.CONSUME(t.Remote);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.propertyBlock();
  });

  public classDecl = this.RULE("classDecl", () => {
    this.CONSUME(t.Class);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "description" }));
    this.propertyBlock();
  });

  public pathsDecl = this.RULE("pathsDecl", () => {
    this.CONSUME(t.Paths);
    this.propertyBlock();
  });

  /** `{ key value ... }`, inlined into each declaration so a missing `}` names the block it closes. */
  private propertyBlock(): void {
    this.CONSUME(t.LBrace);
    this.MANY({ GATE: this.notAtItemStart, DEF: () => this.SUBRULE(this.property) });
    this.CONSUME(t.RBrace);
  }

  public property = this.RULE("property", () => {
    this.CONSUME(t.Word, { LABEL: "key" });
    this.SUBRULE(this.value);
  });

  public value = this.RULE("value", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.CONSUME(t.StringLiteral) },
        { ALT: () => this.CONSUME(t.Quantity) },
        { ALT: () => this.CONSUME(t.Yes) },
        { ALT: () => this.CONSUME(t.No) },
        { ALT: () => this.CONSUME(t.True) },
        { ALT: () => this.CONSUME(t.False) },
        { GATE: this.atWordValue, ALT: () => this.CONSUME(t.Word) },
      ],
    });
  });

  public valueList = this.RULE("valueList", () => {
    this.CONSUME(t.LBracket);
    this.MANY_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.value) });
    this.CONSUME(t.RBracket);
  });

  public classifyBlock = this.RULE("classifyBlock", () => {
    this.CONSUME(t.Classify);
    this.CONSUME(t.LBrace);
    this.MANY({ GATE: this.notAtItemStart, DEF: () => this.SUBRULE(this.classifyRule) });
    this.CONSUME(t.RBrace);
  });

  public classifyRule = this.RULE("classifyRule", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.CONSUME(t.Otherwise) }, { ALT: () => this.SUBRULE(this.condition) }],
    });
    this.CONSUME(t.Arrow);
    this.CONSUME(t.Word, { LABEL: "class" });
  });

  public denyDecl = this.RULE("denyDecl", () => {
    this.CONSUME(t.Deny);
    this.CONSUME(t.Word, { LABEL: "name" });
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "description" }));
    this.CONSUME(t.LBrace);
    this.MANY({ GATE: this.notAtItemStart, DEF: () => this.SUBRULE(this.denyEntry) });
    this.CONSUME(t.RBrace);
  });

  public denyEntry = this.RULE("denyEntry", () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.useSet) },
      { ALT: () => this.SUBRULE(this.denyPattern) },
      { ALT: () => this.SUBRULE(this.danglingExcept) },
    ]);
  });

  public useSet = this.RULE("useSet", () => {
    this.CONSUME(t.Use);
    this.AT_LEAST_ONE_SEP({ SEP: t.Dot, DEF: () => this.CONSUME(t.Word, { LABEL: "part" }) });
  });

  public denyPattern = this.RULE("denyPattern", () => {
    this.CONSUME(t.StringLiteral, { LABEL: "pattern" });
    this.MANY(() => {
      this.CONSUME(t.Except);
      this.CONSUME2(t.StringLiteral, { LABEL: "except" });
    });
  });

  public danglingExcept = this.RULE("danglingExcept", () => {
    this.CONSUME(t.Except);
    this.CONSUME(t.StringLiteral, { LABEL: "pattern" });
  });

  public vramBlock = this.RULE("vramBlock", () => {
    this.CONSUME(t.Vram);
    this.CONSUME(t.LBrace);
    this.MANY({ GATE: this.notAtItemStart, DEF: () => this.SUBRULE(this.vramEntry) });
    this.CONSUME(t.RBrace);
  });

  public vramEntry = this.RULE("vramEntry", () => {
    this.CONSUME(t.Word, { LABEL: "name" });
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.When);
          this.SUBRULE(this.condition);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.As);
          this.CONSUME2(t.Word, { LABEL: "level" });
        },
      },
    ]);
  });

  public escalateBlock = this.RULE("escalateBlock", () => {
    this.CONSUME(t.Escalate);
    this.CONSUME(t.LBrace);
    this.MANY({ GATE: this.notAtItemStart, DEF: () => this.SUBRULE(this.escalateTrigger) });
    this.CONSUME(t.RBrace);
  });

  public escalateTrigger = this.RULE("escalateTrigger", () => {
    this.SUBRULE(this.condition);
    this.CONSUME(t.Arrow);
    this.SUBRULE(this.target);
    this.OPTION(() => this.CONSUME(t.StringLiteral, { LABEL: "reason" }));
  });

  public routeDecl = this.RULE("routeDecl", () => {
    this.CONSUME(t.Route);
    this.CONSUME(t.Word, { LABEL: "class" });
    this.CONSUME(t.Arrow);
    this.SUBRULE(this.target);
  });

  public onErrorDecl = this.RULE("onErrorDecl", () => {
    this.CONSUME(t.On);
    this.CONSUME(t.ErrorKw);
    this.CONSUME(t.Arrow);
    this.SUBRULE(this.target);
  });

  public assertDecl = this.RULE("assertDecl", () => {
    this.CONSUME(t.Assert);
    this.CONSUME(t.StringLiteral, { LABEL: "name" });
    this.CONSUME(t.Colon);
    this.SUBRULE(this.condition);
  });

  // Targets. `else` chains are a loop, not recursion, so a long chain cannot exhaust the stack.

  public target = this.RULE("target", () => {
    this.SUBRULE(this.targetSegment);
    this.MANY(() => {
      this.CONSUME(t.Else);
      this.SUBRULE2(this.targetSegment);
    });
  });

  public targetSegment = this.RULE("targetSegment", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [{ ALT: () => this.SUBRULE(this.synthesize) }, { ALT: () => this.SUBRULE(this.candidates) }],
    });
  });

  public synthesize = this.RULE("synthesize", () => {
    this.CONSUME(t.Synthesize);
    this.CONSUME(t.Draft);
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.targetRef, { LABEL: "draft" }) });
    this.CONSUME(t.Review);
    this.SUBRULE2(this.targetRef, { LABEL: "review" });
  });

  public candidates = this.RULE("candidates", () => {
    this.AT_LEAST_ONE_SEP({ SEP: t.Comma, DEF: () => this.SUBRULE(this.targetRef) });
  });

  public targetRef = this.RULE("targetRef", () => {
    this.OR([
      { ALT: () => this.CONSUME(t.StringLiteral) },
      { GATE: this.notAtItemStart, ALT: () => this.CONSUME(t.Word) },
    ]);
  });

  // Conditions, loosest first: `=>` (right-associative), `or`, `and`, `not`, atoms. Chains are loops; the AST
  // builder folds them (`=>` to the right, `and`/`or` to the left).

  public condition = this.RULE("condition", () => {
    this.SUBRULE(this.orExpr);
    this.MANY(() => {
      this.CONSUME(t.Implies);
      this.SUBRULE2(this.orExpr);
    });
  });

  public orExpr = this.RULE("orExpr", () => {
    this.SUBRULE(this.andExpr);
    this.MANY(() => {
      this.CONSUME(t.Or);
      this.SUBRULE2(this.andExpr);
    });
  });

  public andExpr = this.RULE("andExpr", () => {
    this.SUBRULE(this.notExpr);
    this.MANY(() => {
      this.CONSUME(t.And);
      this.SUBRULE2(this.notExpr);
    });
  });

  public notExpr = this.RULE("notExpr", () => {
    this.MANY(() => this.CONSUME(t.Not));
    this.SUBRULE(this.atom);
  });

  /** Keyword atoms come before `featureAtom`: every keyword is also a `Word`, and the first match wins. */
  public atom = this.RULE("atom", () => {
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        { ALT: () => this.SUBRULE(this.parenExpr) },
        { ALT: () => this.CONSUME(t.True) },
        { ALT: () => this.CONSUME(t.False) },
        { ALT: () => this.SUBRULE(this.labelAtom) },
        { ALT: () => this.SUBRULE(this.deniedAtom) },
        { ALT: () => this.SUBRULE(this.vramAtom) },
        { ALT: () => this.SUBRULE(this.fileMatch) },
        { ALT: () => this.SUBRULE(this.targetIsAtom) },
        { GATE: this.atFeature, ALT: () => this.SUBRULE(this.featureAtom) },
      ],
    });
  });

  public parenExpr = this.RULE("parenExpr", () => {
    this.CONSUME(t.LParen);
    this.SUBRULE(this.condition);
    this.CONSUME(t.RParen);
  });

  public labelAtom = this.RULE("labelAtom", () => {
    this.CONSUME(t.Label);
    this.OR({
      IGNORE_AMBIGUITIES: true,
      DEF: [
        {
          ALT: () => {
            this.CONSUME(t.In);
            this.SUBRULE(this.valueList);
          },
        },
        { ALT: () => this.SUBRULE(this.value) },
      ],
    });
  });

  public deniedAtom = this.RULE("deniedAtom", () => {
    this.CONSUME(t.Denied);
    this.CONSUME(t.Word, { LABEL: "set" });
  });

  public vramAtom = this.RULE("vramAtom", () => {
    this.CONSUME(t.Vram);
    this.CONSUME(t.Word, { LABEL: "level" });
  });

  public fileMatch = this.RULE("fileMatch", () => {
    this.OR([
      {
        ALT: () => {
          this.CONSUME(t.Any);
          this.CONSUME(t.File);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.All);
          this.CONSUME(t.Files);
        },
      },
      {
        ALT: () => {
          this.CONSUME(t.No);
          this.CONSUME2(t.File);
        },
      },
    ]);
    this.CONSUME(t.StringLiteral, { LABEL: "pattern" });
  });

  public targetIsAtom = this.RULE("targetIsAtom", () => {
    this.CONSUME(t.Target);
    this.CONSUME(t.Is);
    this.OR([{ ALT: () => this.CONSUME(t.Local) }, { ALT: () => this.CONSUME(t.Remote) }]);
  });

  /** `feature op value`, `feature [not] in [...]`, or a bare flag. */
  public featureAtom = this.RULE("featureAtom", () => {
    this.CONSUME(t.Word, { LABEL: "feature" });
    this.OPTION(() => {
      this.OR([
        {
          ALT: () => {
            this.CONSUME(t.CompareOp);
            this.SUBRULE(this.value);
          },
        },
        {
          ALT: () => {
            this.OPTION2(() => this.CONSUME(t.Not));
            this.CONSUME(t.In);
            this.SUBRULE(this.valueList);
          },
        },
      ]);
    });
  });
}

/** The one parser instance: chevrotain parsers are reusable, and building one runs the grammar analysis. */
export const parser = new RouteParser();

/**
 * Parses `tokens` and returns the CST (when there is no error) or the first syntax error. Recovery stays on, but
 * the parse is stopped as soon as recovery meets a second error: the driver reports one error per declaration
 * and restarts at the next one, and stopping early keeps garbage input linear (each recovered error costs
 * chevrotain an exception and a follow-set search).
 */
export function parseToFirstError(tokens: readonly IToken[]): {
  readonly cst: SourceFileCstNode | null;
  readonly error: IRecognitionException | null;
} {
  parser.input = tokens as IToken[];
  errorBudget = 1;
  try {
    const cst = parser.sourceFile() as SourceFileCstNode;
    const error = parser.errors[0] ?? null;
    return { cst: error === null ? cst : null, error };
  } catch (thrown) {
    if (!(thrown instanceof ParseStopped)) throw thrown;
    const error = parser.errors[0];
    if (error === undefined) throw new InternalError("a parse stopped before its first error");
    return { cst: null, error };
  } finally {
    errorBudget = Number.POSITIVE_INFINITY;
  }
}
