/**
 * The abstract syntax tree of a `.route` file. Every node carries a `span`; equality helpers and tests
 * compare trees with spans stripped (see `stripSpans`). The AST is produced by `to-ast.ts` from the CST and
 * is purely syntactic: names are not resolved and quantities keep their written unit. Meaning (units,
 * references, properties) is given by `src/check`.
 */
import type { Span } from "../diagnostics/diagnostic.js";

export type { Position, Span } from "../diagnostics/diagnostic.js";

/** A bare name: class, runtime, remote, deny set, VRAM level, feature, property key or word value. */
export interface Ident {
  readonly kind: "Ident";
  readonly name: string;
  readonly span: Span;
}

/** A double-quoted string with escapes already decoded. */
export interface Str {
  readonly kind: "Str";
  readonly value: string;
  readonly span: Span;
}

/** Units as written. Token counts: `k` (×1024), `M` (×1024²). Bytes: `KiB MiB GiB TiB KB MB GB TB`. Percent: `%`. */
export type Unit = "k" | "M" | "KiB" | "MiB" | "GiB" | "TiB" | "KB" | "MB" | "GB" | "TB" | "%";

/** A number with an optional unit, e.g. `32k`, `5.4GiB`, `10%`, `2`. `value` is the number before the unit. */
export interface Num {
  readonly kind: "Num";
  readonly value: number;
  readonly unit: Unit | null;
  /** The text as written, kept so diagnostics and the formatter can quote it. */
  readonly raw: string;
  readonly span: Span;
}

/** `yes`/`no`/`true`/`false`. */
export interface Bool {
  readonly kind: "Bool";
  readonly value: boolean;
  readonly span: Span;
}

/** A property value: `endpoint "…"`, `context 32k`, `tools yes`, `tools required`, `local never`. */
export type Value = Str | Num | Bool | Ident;

/** `key value` inside a block. Which keys and values a block accepts is checked by `src/check`. */
export interface Property {
  readonly kind: "Property";
  readonly key: Ident;
  readonly value: Value;
  readonly span: Span;
}

/** A `#` comment, kept for the formatter. `text` excludes the leading `#`. */
export interface Comment {
  readonly kind: "Comment";
  readonly text: string;
  readonly span: Span;
}

/** A reference to a target: a model (quoted, `"qwen2.5:7b-instruct"`) or a remote (bare, `claude`). */
export interface TargetRef {
  readonly kind: "TargetRef";
  readonly name: string;
  readonly quoted: boolean;
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------------------
// Conditions. Precedence, loosest first: `=>` (right-assoc, asserts only), `or`, `and`, `not`, atoms.

export type ComparisonOp = "==" | "!=" | "<" | "<=" | ">" | ">=";

/** `left and right`, `left or right`, `left => right`. */
export interface Binary {
  readonly kind: "Binary";
  readonly op: "and" | "or" | "=>";
  readonly left: Expr;
  readonly right: Expr;
  readonly span: Span;
}

/** `not operand`. */
export interface Not {
  readonly kind: "Not";
  readonly operand: Expr;
  readonly span: Span;
}

/** `feature op value`: `context > 64k`, `kind == edit`, `files <= 3`, `free < 10%`, `target == claude`. */
export interface Compare {
  readonly kind: "Compare";
  readonly feature: Ident;
  readonly op: ComparisonOp;
  readonly value: Value;
  readonly span: Span;
}

/** `feature in [a, b]` or `feature not in [a, b]`. */
export interface Membership {
  readonly kind: "Membership";
  readonly feature: Ident;
  readonly negated: boolean;
  readonly values: readonly Value[];
  readonly span: Span;
}

/** `label "security"` or `label in [security, auth]`: the task carries at least one of the labels. */
export interface HasLabel {
  readonly kind: "HasLabel";
  readonly values: readonly Value[];
  readonly span: Span;
}

/** `denied path` (any deny set matched a file) or `denied secrets` (that set matched). `set` is null for `path`. */
export interface Denied {
  readonly kind: "Denied";
  readonly set: Ident | null;
  readonly span: Span;
}

/** `vram critical`: the VRAM pressure level is `critical` or more severe. */
export interface VramAtLeast {
  readonly kind: "VramAtLeast";
  readonly level: Ident;
  readonly span: Span;
}

/** `any file "glob"`, `all files "glob"`, `no file "glob"`. `all` is vacuously true for no files. */
export interface FileMatch {
  readonly kind: "FileMatch";
  readonly quantifier: "any" | "all" | "no";
  readonly pattern: Str;
  readonly span: Span;
}

/** A boolean feature on its own: `schema_mismatch`, `low_vram_mode`. */
export interface Flag {
  readonly kind: "Flag";
  readonly name: Ident;
  readonly span: Span;
}

/** `target is local` / `target is remote` (asserts only). */
export interface TargetIs {
  readonly kind: "TargetIs";
  readonly location: "local" | "remote";
  readonly span: Span;
}

/** `true` / `false` as a condition. */
export interface BoolExpr {
  readonly kind: "BoolExpr";
  readonly value: boolean;
  readonly span: Span;
}

export type Expr =
  | Binary
  | Not
  | Compare
  | Membership
  | HasLabel
  | Denied
  | VramAtLeast
  | FileMatch
  | Flag
  | TargetIs
  | BoolExpr;

// ---------------------------------------------------------------------------------------------------------
// Targets.

/**
 * `"a", "b" else claude`: try local candidates in order, skipping those that cannot serve; then the fallback.
 * A lone remote (`-> claude`) is `candidates: [claude]` (unquoted) with `fallback: null`; `else claude` is a
 * fallback `Candidates` of that shape.
 */
export interface Candidates {
  readonly kind: "Candidates";
  readonly candidates: readonly TargetRef[];
  readonly fallback: Target | null;
  readonly span: Span;
}

/** `synthesize draft "llama3.1:latest" review claude [else …]`: a local draft, reviewed and merged remotely. */
export interface Synthesize {
  readonly kind: "Synthesize";
  readonly draft: readonly TargetRef[];
  readonly review: TargetRef;
  readonly fallback: Target | null;
  readonly span: Span;
}

export type Target = Candidates | Synthesize;

// ---------------------------------------------------------------------------------------------------------
// Items.

/** `policy "name" version 3`: required once, in the root file. */
export interface PolicyHeader {
  readonly kind: "PolicyHeader";
  readonly name: Str;
  readonly version: Num | null;
  readonly span: Span;
}

/** `include "other.route"`: the other file's items join this policy. Paths are relative to this file. */
export interface Include {
  readonly kind: "Include";
  readonly path: Str;
  readonly span: Span;
}

/** `runtime ollama { endpoint "…" enabled false }`. */
export interface RuntimeDecl {
  readonly kind: "RuntimeDecl";
  readonly name: Ident;
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** `model "qwen2.5:7b-instruct" on ollama { context 32k tools yes vram 5.4GiB cost 0 }`. */
export interface ModelDecl {
  readonly kind: "ModelDecl";
  readonly name: Str;
  readonly runtime: Ident;
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** `remote claude { model "claude-sonnet-4-5" }`. */
export interface RemoteDecl {
  readonly kind: "RemoteDecl";
  readonly name: Ident;
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** `class L1 "routine change" { max_context 32k tools required }`. */
export interface ClassDecl {
  readonly kind: "ClassDecl";
  readonly name: Ident;
  readonly description: Str | null;
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** The `otherwise` keyword of a classification rule. */
export interface Otherwise {
  readonly kind: "Otherwise";
  readonly span: Span;
}

/** `condition -> Class` or `otherwise -> Class`. */
export interface ClassifyRule {
  readonly kind: "ClassifyRule";
  readonly condition: Expr | Otherwise;
  readonly class: Ident;
  readonly span: Span;
}

/** `classify { … }`: first matching rule wins. */
export interface ClassifyBlock {
  readonly kind: "ClassifyBlock";
  readonly rules: readonly ClassifyRule[];
  readonly span: Span;
}

/** `"glob" except "glob" except "glob"` inside a deny set; excepts apply to this pattern only. */
export interface DenyPattern {
  readonly kind: "DenyPattern";
  readonly pattern: Str;
  readonly excepts: readonly Str[];
  readonly span: Span;
}

/** `use std.secrets` inside a deny set: includes a built-in set. `path` is the dotted name's parts. */
export interface UseSet {
  readonly kind: "UseSet";
  readonly path: readonly Ident[];
  readonly span: Span;
}

/** An `except` with no pattern before it; kept so the checker can report it where it is. */
export interface DanglingExcept {
  readonly kind: "DanglingExcept";
  readonly pattern: Str;
  readonly span: Span;
}

export type DenyEntry = DenyPattern | UseSet | DanglingExcept;

/** `deny secrets "OS and user secrets" { … }`. */
export interface DenyDecl {
  readonly kind: "DenyDecl";
  readonly name: Ident;
  readonly description: Str | null;
  readonly entries: readonly DenyEntry[];
  readonly span: Span;
}

/** `paths { case insensitive redact yes }`: path matching and redaction options. */
export interface PathsDecl {
  readonly kind: "PathsDecl";
  readonly properties: readonly Property[];
  readonly span: Span;
}

/** `critical when free < 10% or free < 1GiB`. Levels are listed most severe first. */
export interface VramLevel {
  readonly kind: "VramLevel";
  readonly name: Ident;
  readonly condition: Expr;
  readonly span: Span;
}

/** `unknown as low` (no telemetry) or `low_vram_mode as low`. */
export interface VramAlias {
  readonly kind: "VramAlias";
  readonly which: Ident;
  readonly level: Ident;
  readonly span: Span;
}

/** `vram { … }`. */
export interface VramBlock {
  readonly kind: "VramBlock";
  readonly entries: readonly (VramLevel | VramAlias)[];
  readonly span: Span;
}

/** `condition -> target "reason"`. */
export interface EscalateTrigger {
  readonly kind: "EscalateTrigger";
  readonly condition: Expr;
  readonly target: Target;
  readonly reason: Str | null;
  readonly span: Span;
}

/** `escalate { … }`: first matching trigger wins, before routes. */
export interface EscalateBlock {
  readonly kind: "EscalateBlock";
  readonly triggers: readonly EscalateTrigger[];
  readonly span: Span;
}

/** `route L1 -> "qwen2.5:7b-instruct", "llama3.1:latest" else claude`. */
export interface RouteDecl {
  readonly kind: "RouteDecl";
  readonly class: Ident;
  readonly target: Target;
  readonly span: Span;
}

/** `on error -> claude`. */
export interface OnErrorDecl {
  readonly kind: "OnErrorDecl";
  readonly target: Target;
  readonly span: Span;
}

/** `assert "name": condition => outcome`. */
export interface AssertDecl {
  readonly kind: "AssertDecl";
  readonly name: Str;
  readonly condition: Expr;
  readonly span: Span;
}

export type Item =
  | Include
  | RuntimeDecl
  | ModelDecl
  | RemoteDecl
  | ClassDecl
  | ClassifyBlock
  | DenyDecl
  | PathsDecl
  | VramBlock
  | EscalateBlock
  | RouteDecl
  | OnErrorDecl
  | AssertDecl;

/** One parsed `.route` file. */
export interface SourceFile {
  readonly kind: "SourceFile";
  readonly file: string;
  readonly header: PolicyHeader | null;
  readonly items: readonly Item[];
  readonly comments: readonly Comment[];
  readonly span: Span;
}

/** Any AST node. */
export type Node =
  | SourceFile
  | Item
  | Expr
  | Target
  | Ident
  | Str
  | Num
  | Bool
  | Property
  | Comment
  | TargetRef
  | ClassifyRule
  | Otherwise
  | DenyEntry
  | VramLevel
  | VramAlias
  | EscalateTrigger;

/** Removes every `span` (recursively) so trees can be compared for meaning, not position. */
export function stripSpans(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripSpans);
  if (value !== null && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key !== "span") out[key] = stripSpans(inner);
    }
    return out;
  }
  return value;
}
