/**
 * The canonical printer: AST → `.route` text in the house layout (`docs/formatting.md`). The layout is built as
 * a small document (text, groups, indentation, line breaks, as in Wadler's "prettier printer") and rendered by
 * one algorithm that decides every line break, so `routec fmt` and the prettier plugin, which both print the
 * rendered lines, cannot drift apart. Comments come from `SourceFile.comments` and are attached by their spans
 * to the declaration, property or rule they precede or end the line of.
 */
import { assertNever } from "../diagnostics/diagnostic.js";
import type { Position } from "../diagnostics/diagnostic.js";
import type * as A from "./ast.js";

/** Layout options of the canonical printer; the defaults are the house style. */
export interface PrintOptions {
  /** Columns a line may take before the printer breaks it (default 100). */
  readonly printWidth?: number;
  /** Columns of one indentation level (default 2). */
  readonly indentWidth?: number;
  /** Indents with tabs, each counted as `indentWidth` columns, instead of spaces (default false). */
  readonly useTabs?: boolean;
}

interface Layout {
  readonly printWidth: number;
  readonly indentWidth: number;
  readonly useTabs: boolean;
}

/** Prints a parsed file in the canonical layout, keeping its comments; the result ends with one newline. */
export function printPolicy(file: A.SourceFile, options: PrintOptions = {}): string {
  const layout: Layout = {
    printWidth: options.printWidth ?? 100,
    indentWidth: options.indentWidth ?? 2,
    useTabs: options.useTabs ?? false,
  };
  const text = render(printFile(file, layout), layout);
  return text === "" ? "" : `${text}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Documents.

type Doc = string | readonly Doc[] | Group | Indent | Line | Suffix | Fill;

/** Printed flat when it fits in the rest of the line, else with its `line`s broken. */
interface Group {
  readonly type: "group";
  readonly contents: Doc;
  /** A group holding a hard line can never be flat. */
  readonly broken: boolean;
}

interface Indent {
  readonly type: "indent";
  readonly contents: Doc;
}

/** `soft` prints nothing when flat, a plain line a space; a hard line always breaks. */
interface Line {
  readonly type: "line";
  readonly soft: boolean;
  readonly hard: boolean;
}

/**
 * Alternating contents and separators (`[a, line, b, line, c]`): each separator breaks only when the content
 * after it does not fit on the line, so a long list is packed into as few lines as possible.
 */
interface Fill {
  readonly type: "fill";
  readonly parts: readonly Doc[];
}

/** Text deferred to the end of the line and not counted in its width: trailing comments. */
interface Suffix {
  readonly type: "suffix";
  readonly text: string;
}

const line: Line = { type: "line", soft: false, hard: false };
const softline: Line = { type: "line", soft: true, hard: false };
const hardline: Line = { type: "line", soft: false, hard: true };

function group(contents: Doc): Group {
  return { type: "group", contents, broken: hasHardLine(contents) };
}

function indent(contents: Doc): Indent {
  return { type: "indent", contents };
}

function fill(parts: readonly Doc[]): Fill {
  return { type: "fill", parts };
}

function join(separator: Doc, docs: readonly Doc[]): Doc[] {
  return docs.flatMap((doc, i) => (i === 0 ? [doc] : [separator, doc]));
}

function hasHardLine(doc: Doc): boolean {
  if (typeof doc === "string") return false;
  if (isDocArray(doc)) return doc.some(hasHardLine);
  switch (doc.type) {
    case "group":
      return doc.broken;
    case "indent":
      return hasHardLine(doc.contents);
    case "line":
      return doc.hard;
    case "fill":
      return doc.parts.some(hasHardLine);
    case "suffix":
      return false;
    default:
      return assertNever(doc, "document");
  }
}

function isDocArray(doc: Doc): doc is readonly Doc[] {
  return Array.isArray(doc);
}

/** Columns a text takes: code points, so an emoji or accented letter in a string counts once. */
function width(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The width of a document printed on one line, or infinity when it cannot be. */
function flatWidth(doc: Doc): number {
  if (typeof doc === "string") return width(doc);
  if (isDocArray(doc)) return doc.reduce((sum: number, inner) => sum + flatWidth(inner), 0);
  switch (doc.type) {
    case "group":
    case "indent":
      return flatWidth(doc.contents);
    case "line":
      return doc.hard ? Number.POSITIVE_INFINITY : doc.soft ? 0 : 1;
    case "fill":
      return flatWidth(doc.parts);
    case "suffix":
      return 0;
    default:
      return assertNever(doc, "document");
  }
}

type Mode = "flat" | "break";

interface Command {
  readonly level: number;
  readonly mode: Mode;
  readonly doc: Doc;
}

/**
 * Renders a document (the algorithm of prettier's `printDocToString`, reduced to these node types): a group is
 * flat when its contents, and whatever follows up to the next possible line break, fit in the line.
 */
function render(doc: Doc, layout: Layout): string {
  const unit = layout.useTabs ? "\t" : " ".repeat(layout.indentWidth);
  const done: string[] = [];
  let out = "";
  let column = 0;
  let suffixes: string[] = [];
  const stack: Command[] = [{ level: 0, mode: "break", doc }];
  while (stack.length > 0) {
    const { level, mode, doc: current } = stack.pop()!;
    if (typeof current === "string") {
      out += current;
      column += width(current);
    } else if (isDocArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) stack.push({ level, mode, doc: current[i]! });
    } else {
      switch (current.type) {
        case "indent":
          stack.push({ level: level + 1, mode, doc: current.contents });
          break;
        case "group": {
          const flat = !current.broken && (mode === "flat" || fits({ level, mode: "flat", doc: current.contents }, stack, layout.printWidth - column));
          stack.push({ level, mode: flat ? "flat" : "break", doc: current.contents });
          break;
        }
        case "fill":
          stack.push(...fillCommands(current.parts, level, mode, layout.printWidth - column));
          break;
        case "suffix":
          suffixes.push(current.text);
          break;
        case "line":
          if (mode === "flat" && !current.hard) {
            if (!current.soft) {
              out += " ";
              column += 1;
            }
          } else if (suffixes.length > 0) {
            stack.push({ level, mode, doc: current }, { level, mode, doc: suffixes });
            suffixes = [];
          } else {
            done.push(out.replace(/[ \t]+$/, ""));
            out = unit.repeat(level);
            column = level * layout.indentWidth;
          }
          break;
        default:
          assertNever(current, "document");
      }
    }
    if (stack.length === 0 && suffixes.length > 0) {
      stack.push({ level: 0, mode: "break", doc: suffixes });
      suffixes = [];
    }
  }
  done.push(out.replace(/[ \t]+$/, ""));
  return done.join("\n");
}

/**
 * Whether `next`, then the `rest` up to its first possible line break, fits in `available` columns. With
 * `mustBeFlat`, a group that has to break does not fit.
 */
function fits(next: Command, rest: readonly Command[], available: number, mustBeFlat = false): boolean {
  let remaining = available;
  let restIndex = rest.length;
  const pending: Command[] = [next];
  while (remaining >= 0) {
    const command = pending.pop() ?? (restIndex > 0 ? rest[--restIndex]! : undefined);
    if (command === undefined) return true;
    const { mode, doc } = command;
    if (typeof doc === "string") {
      remaining -= width(doc);
    } else if (isDocArray(doc)) {
      for (let i = doc.length - 1; i >= 0; i--) pending.push({ level: 0, mode, doc: doc[i]! });
    } else {
      switch (doc.type) {
        case "indent":
          pending.push({ level: 0, mode, doc: doc.contents });
          break;
        case "group":
          if (mustBeFlat && doc.broken) return false;
          pending.push({ level: 0, mode: doc.broken ? "break" : mode, doc: doc.contents });
          break;
        case "fill":
          for (let i = doc.parts.length - 1; i >= 0; i--) pending.push({ level: 0, mode, doc: doc.parts[i]! });
          break;
        case "line":
          if (mode === "break" || doc.hard) return true;
          if (!doc.soft) remaining -= 1;
          break;
        case "suffix":
          break;
        default:
          assertNever(doc, "document");
      }
    }
  }
  return false;
}

/**
 * The commands for a fill, in stack order (prettier's algorithm): the first content flat if it fits, and the
 * separator after it flat if the next content fits on the same line too; the rest is another fill.
 */
function fillCommands(parts: readonly Doc[], level: number, mode: Mode, available: number): Command[] {
  const [content, separator, next] = parts;
  if (content === undefined) return [];
  const flat = (doc: Doc): Command => ({ level, mode: "flat", doc });
  const broken = (doc: Doc): Command => ({ level, mode: "break", doc });
  if (mode === "flat") return [{ level, mode, doc: parts }];
  const contentFits = fits(flat(content), [], available, true);
  const first = contentFits ? flat(content) : broken(content);
  if (separator === undefined) return [first];
  if (next === undefined) return [contentFits ? flat(separator) : broken(separator), first];
  const pairFits = fits(flat([content, separator, next]), [], available, true);
  return [{ level, mode, doc: fill(parts.slice(2)) }, pairFits ? flat(separator) : broken(separator), first];
}

// ---------------------------------------------------------------------------------------------------------
// Comments.

/** Where a node's comments go: own lines before it (`leading`), or after it on its last line (`trailing`). */
interface Slot<T> {
  readonly node: T;
  readonly leading: A.Comment[];
  /** Comments inside the node's span, for a block to place among its entries. */
  readonly inner: A.Comment[];
  readonly trailing: A.Comment[];
}

interface Attached<T> {
  /** Comments on the line that opens a block, before its first entry: printed after `{`. */
  readonly open: A.Comment[];
  readonly slots: readonly Slot<T>[];
  /** Comments after the last entry on lines of their own. */
  readonly dangling: A.Comment[];
}

/**
 * Attaches comments to a sequence of nodes in source order. A comment inside a node is `inner`; one starting on
 * the line a node ends is that node's `trailing`; any other goes before the next node, or after the last.
 * `openLine` is the line of the block's `{`, or null at the top of a file.
 */
function attach<T extends { readonly span: A.Span }>(
  nodes: readonly T[],
  comments: readonly A.Comment[],
  openLine: number | null,
): Attached<T> {
  const slots: Slot<T>[] = nodes.map((node) => ({ node, leading: [], inner: [], trailing: [] }));
  const open: A.Comment[] = [];
  const dangling: A.Comment[] = [];
  let next = 0;
  for (const comment of comments) {
    const at = comment.span.start.offset;
    while (next < slots.length && slots[next]!.node.span.end.offset <= at) next++;
    const following = slots[next];
    const previous = slots[next - 1];
    if (following !== undefined && following.node.span.start.offset <= at) following.inner.push(comment);
    else if (previous !== undefined && previous.node.span.end.line === comment.span.start.line) previous.trailing.push(comment);
    else if (previous === undefined && openLine === comment.span.start.line) open.push(comment);
    else if (following !== undefined) following.leading.push(comment);
    else dangling.push(comment);
  }
  return { open, slots, dangling };
}

function commentText(comment: A.Comment): string {
  return `#${comment.text.trimEnd()}`;
}

/** Source lines the slot covers, with its comments, so blank lines between slots can be kept. */
function firstLine(slot: Slot<{ readonly span: A.Span }>): number {
  const comment = slot.leading[0];
  const start = slot.node.span.start.line;
  return comment === undefined ? start : Math.min(comment.span.start.line, start);
}

function lastLine(slot: Slot<{ readonly span: A.Span }>): number {
  return Math.max(slot.node.span.end.line, ...slot.trailing.map((c) => c.span.end.line));
}

/** Leading comments, one per line, keeping a blank line the author left between them or before the node. */
function printLeading(comments: readonly A.Comment[], node: { readonly span: A.Span }): Doc[] {
  return comments.map((comment, i) => {
    const nextLine = comments[i + 1]?.span.start.line ?? node.span.start.line;
    return nextLine - comment.span.end.line > 1 ? [commentText(comment), hardline, hardline] : [commentText(comment), hardline];
  });
}

function printTrailing(comments: readonly A.Comment[]): Doc[] {
  return comments.map((comment) => ({ type: "suffix", text: ` ${commentText(comment)}` }));
}

/** Dangling comments after the last entry (or alone), each on its own line. */
function printDangling(comments: readonly A.Comment[], afterLine: number | null): Doc[] {
  let previous = afterLine;
  return comments.map((comment, i) => {
    const blank = previous !== null && comment.span.start.line - previous > 1;
    previous = comment.span.end.line;
    const separator: Doc[] = i === 0 && afterLine === null ? [] : blank ? [hardline, hardline] : [hardline];
    return [...separator, commentText(comment)];
  });
}

/**
 * Prints slots one per line. A blank line separates two slots when `blankBetween` says so or the author left
 * one; comments inside a one-line node are hoisted before it (their order is kept).
 */
function printSlots<T extends { readonly span: A.Span }>(
  attached: Attached<T>,
  print: (slot: Slot<T>, index: number) => Doc,
  blankBetween: (previous: number, current: number) => boolean,
): Doc[] {
  const docs: Doc[] = [];
  attached.slots.forEach((slot, i) => {
    const previous = attached.slots[i - 1];
    if (previous !== undefined) {
      docs.push(hardline);
      if (blankBetween(i - 1, i) || firstLine(slot) - lastLine(previous) > 1) docs.push(hardline);
    }
    docs.push(print(slot, i), printTrailing(slot.trailing));
  });
  const last = attached.slots[attached.slots.length - 1];
  docs.push(printDangling(attached.dangling, last === undefined ? null : lastLine(last)));
  return docs;
}

/** A node that fits on one line: its own comments (leading, then hoisted inner ones) go on the lines above. */
function withComments(slot: Slot<{ readonly span: A.Span }>, doc: Doc): Doc {
  return [printLeading([...slot.leading, ...slot.inner], slot.node), doc];
}

// ---------------------------------------------------------------------------------------------------------
// The file and its items.

type Unit = A.PolicyHeader | A.Item;

/** Items printed with `{ … }` that may stay on one line. */
type PropertyItem = A.RuntimeDecl | A.ModelDecl | A.RemoteDecl | A.ClassDecl | A.PathsDecl;

interface PrintedUnit {
  readonly doc: Doc;
  /** Whether the unit takes more than one line as a block: such units get blank lines around them. */
  readonly block: boolean;
}

function printFile(file: A.SourceFile, layout: Layout): Doc {
  const units: Unit[] = file.header === null ? [...file.items] : [file.header, ...file.items];
  const attached = attach(units, file.comments, null);
  const printed = attached.slots.map((slot) => printUnit(slot, layout));
  const differ = (a: number, b: number): boolean => units[a]?.kind !== units[b]?.kind;
  const isBlock = (i: number): boolean => printed[i]?.block === true;
  return printSlots(
    attached,
    (_, i) => printed[i]?.doc ?? "",
    (previous, current) => differ(previous, current) || isBlock(previous) || isBlock(current),
  );
}

function printUnit(slot: Slot<Unit>, layout: Layout): PrintedUnit {
  const unit = slot.node;
  switch (unit.kind) {
    case "PolicyHeader":
      return inline(slot, ["policy ", str(unit.name), unit.version === null ? "" : [" version ", unit.version.raw]], layout);
    case "Include":
      return inline(slot, ["include ", str(unit.path)], layout);
    case "RuntimeDecl":
      return propertyBlock(slot, unit, ["runtime ", unit.name.name], unit.name.span.end, layout);
    case "ModelDecl":
      return propertyBlock(slot, unit, ["model ", str(unit.name), " on ", unit.runtime.name], unit.runtime.span.end, layout);
    case "RemoteDecl":
      return propertyBlock(slot, unit, ["remote ", unit.name.name], unit.name.span.end, layout);
    case "ClassDecl":
      return propertyBlock(
        slot,
        unit,
        ["class ", unit.name.name, unit.description === null ? "" : [" ", str(unit.description)]],
        (unit.description ?? unit.name).span.end,
        layout,
      );
    case "PathsDecl":
      return propertyBlock(slot, unit, "paths", keywordEnd(unit, "paths"), layout);
    case "ClassifyBlock":
      return ruleBlock(slot, "classify", keywordEnd(unit, "classify"), unit.rules, (rule) =>
        group([rule.condition.kind === "Otherwise" ? "otherwise" : expr(rule.condition), " -> ", rule.class.name]),
      );
    case "DenyDecl":
      return ruleBlock(
        slot,
        ["deny ", unit.name.name, unit.description === null ? "" : [" ", str(unit.description)]],
        (unit.description ?? unit.name).span.end,
        denyRows(unit.entries),
        denyRow,
      );
    case "VramBlock":
      return ruleBlock(slot, "vram", keywordEnd(unit, "vram"), unit.entries, (entry) =>
        entry.kind === "VramLevel"
          ? [entry.name.name, " when ", expr(entry.condition)]
          : [entry.which.name, " as ", entry.level.name],
      );
    case "EscalateBlock":
      return ruleBlock(slot, "escalate", keywordEnd(unit, "escalate"), unit.triggers, (trigger) =>
        group([
          expr(trigger.condition),
          " ->",
          indent([line, target(trigger.target), trigger.reason === null ? "" : [" ", str(trigger.reason)]]),
        ]),
      );
    case "RouteDecl":
      return inline(slot, group(["route ", unit.class.name, " ->", indent([line, target(unit.target)])]), layout);
    case "OnErrorDecl":
      return inline(slot, group(["on error ->", indent([line, target(unit.target)])]), layout);
    case "AssertDecl":
      return inline(slot, group(["assert ", str(unit.name), ":", indent([line, expr(unit.condition)])]), layout);
    default:
      return assertNever(unit, "item");
  }
}

/** A one-line item; when too long for one line it breaks, and is then set apart by blank lines like a block. */
function inline(slot: Slot<Unit>, doc: Doc, layout: Layout): PrintedUnit {
  return { doc: withComments(slot, doc), block: flatWidth(doc) > layout.printWidth };
}

/** Where a block's opening keyword ends: comments after it belong inside the block. */
function keywordEnd(unit: Unit, keyword: string): Position {
  const start = unit.span.start;
  return { offset: start.offset + keyword.length, line: start.line, column: start.column + keyword.length };
}

/** Splits a block's inner comments into those in its header (hoisted above it) and those among its entries. */
function splitInner(slot: Slot<Unit>, headerEnd: Position): { readonly header: A.Comment[]; readonly body: A.Comment[] } {
  return {
    header: slot.inner.filter((c) => c.span.start.offset < headerEnd.offset),
    body: slot.inner.filter((c) => c.span.start.offset >= headerEnd.offset),
  };
}

/** `header { a 1 b 2 }` on one line when it fits and holds no comment, else one property per line. */
function propertyBlock(slot: Slot<Unit>, unit: PropertyItem, header: Doc, headerEnd: Position, layout: Layout): PrintedUnit {
  const inner = splitInner(slot, headerEnd);
  const leading = printLeading([...slot.leading, ...inner.header], unit);
  const attached = attach(unit.properties, inner.body, headerEnd.line);
  const properties = unit.properties.map(property);
  if (inner.body.length === 0) {
    const flat: Doc = properties.length === 0 ? [header, " {}"] : [header, " { ", join(" ", properties), " }"];
    if (flatWidth(flat) <= layout.printWidth) return { doc: [leading, flat], block: false };
  }
  const body = printSlots(attached, (s) => withComments(s, property(s.node)), () => false);
  return { doc: [leading, braces(header, attached, body)], block: true };
}

/** A block printed one entry per line (classify, deny, vram, escalate). */
function ruleBlock<T extends { readonly span: A.Span }>(
  slot: Slot<Unit>,
  header: Doc,
  headerEnd: Position,
  entries: readonly T[],
  print: (entry: T) => Doc,
): PrintedUnit {
  const inner = splitInner(slot, headerEnd);
  const leading = printLeading([...slot.leading, ...inner.header], slot.node);
  const attached = attach(entries, inner.body, headerEnd.line);
  const body = printSlots(attached, (s) => withComments(s, print(s.node)), () => false);
  return { doc: [leading, braces(header, attached, body)], block: true };
}

/** `header {` with any comment on that line, the indented body, and `}`; an empty block is `{}`. */
function braces<T>(header: Doc, attached: Attached<T>, body: Doc[]): Doc {
  const open: Doc = [header, " {", printTrailing(attached.open)];
  if (attached.slots.length === 0 && attached.dangling.length === 0) {
    return attached.open.length === 0 ? [header, " {}"] : [open, hardline, "}"];
  }
  return [open, indent([hardline, body]), hardline, "}"];
}

function property(node: A.Property): Doc {
  return [node.key.name, " ", value(node.value)];
}

/** Deny patterns the author wrote on one line, kept together: related globs read as one group. */
interface DenyRow {
  readonly entries: readonly A.DenyEntry[];
  readonly span: A.Span;
}

/**
 * Groups deny entries into rows: a pattern that starts on the line where the previous pattern ends joins its
 * row; `use` and a dangling `except` always stand alone. Rows come from source lines, so reformatting keeps
 * them (a row too long for the line is packed into several, which then stay apart).
 */
function denyRows(entries: readonly A.DenyEntry[]): DenyRow[] {
  const rows: DenyRow[] = [];
  for (const entry of entries) {
    const last = rows[rows.length - 1];
    const previous = last?.entries[last.entries.length - 1];
    if (
      last !== undefined &&
      entry.kind === "DenyPattern" &&
      previous?.kind === "DenyPattern" &&
      entry.span.start.line === previous.span.end.line
    ) {
      rows[rows.length - 1] = { entries: [...last.entries, entry], span: { ...last.span, end: entry.span.end } };
    } else {
      rows.push({ entries: [entry], span: entry.span });
    }
  }
  return rows;
}

function denyRow(row: DenyRow): Doc {
  return fill(join(line, row.entries.map(denyEntry)));
}

function denyEntry(entry: A.DenyEntry): Doc {
  switch (entry.kind) {
    case "DenyPattern":
      return group([str(entry.pattern), indent(entry.excepts.map((e) => [line, "except ", str(e)]))]);
    case "UseSet":
      return ["use ", entry.path.map((part) => part.name).join(".")];
    case "DanglingExcept":
      return ["except ", str(entry.pattern)];
    default:
      return assertNever(entry, "deny entry");
  }
}

// ---------------------------------------------------------------------------------------------------------
// Targets and conditions.

/** `"a", "b" else claude`: each `else` segment on its own line when the whole target does not fit. */
function target(node: A.Target): Doc {
  const segments: Doc[] = [];
  let current: A.Target | null = node;
  while (current !== null) {
    segments.push(segment(current));
    current = current.fallback;
  }
  return group(join([line, "else "], segments));
}

function segment(node: A.Target): Doc {
  switch (node.kind) {
    case "Candidates":
      return group(join([",", line], node.candidates.map(targetRef)));
    case "Synthesize":
      return group([
        "synthesize draft ",
        group(indent(join([",", line], node.draft.map(targetRef)))),
        indent([line, "review ", targetRef(node.review)]),
      ]);
    default:
      return assertNever(node, "target");
  }
}

function targetRef(ref: A.TargetRef): string {
  return ref.quoted ? quote(ref.name) : ref.name;
}

/** Binding strength, loosest first; atoms bind tightest. */
function precedence(node: A.Expr): number {
  switch (node.kind) {
    case "Binary":
      return node.op === "=>" ? 1 : node.op === "or" ? 2 : 3;
    case "Not":
      return 4;
    default:
      return 5;
  }
}

/**
 * A condition with the fewest parentheses that keep its tree: `and`/`or` chains are folded to the left and
 * `=>` to the right by the parser, so only an operand on the other side of the same operator, or a looser
 * operator, needs them. A long chain breaks before each operator.
 */
function expr(node: A.Expr): Doc {
  switch (node.kind) {
    case "Binary": {
      const operands = node.op === "=>" ? rightChain(node) : leftChain(node);
      const own = precedence(node);
      const printed = operands.map((operand, i) => {
        const sameOpWrongSide = operand.kind === "Binary" && operand.op === node.op && (node.op === "=>" ? i < operands.length - 1 : i > 0);
        return precedence(operand) < own || sameOpWrongSide ? ["(", expr(operand), ")"] : expr(operand);
      });
      const [head, ...tail] = printed;
      return group([head ?? "", indent(tail.map((operand) => [line, node.op, " ", operand]))]);
    }
    case "Not":
      return ["not ", precedence(node.operand) < precedence(node) ? ["(", expr(node.operand), ")"] : expr(node.operand)];
    case "Compare":
      return [node.feature.name, " ", node.op, " ", value(node.value)];
    case "Membership":
      return [node.feature.name, node.negated ? " not in " : " in ", list(node.values)];
    case "HasLabel": {
      const only = node.values.length === 1 ? node.values[0] : undefined;
      // `label in` would start a list: a single label named `in` keeps the list form.
      return only !== undefined && !(only.kind === "Ident" && only.name === "in") ? ["label ", value(only)] : ["label in ", list(node.values)];
    }
    case "Denied":
      return ["denied ", node.set === null ? "path" : node.set.name];
    case "VramAtLeast":
      return ["vram ", node.level.name];
    case "FileMatch":
      return [node.quantifier === "all" ? "all files " : `${node.quantifier} file `, str(node.pattern)];
    case "Flag":
      return node.name.name;
    case "TargetIs":
      return `target is ${node.location}`;
    case "BoolExpr":
      return node.value ? "true" : "false";
    default:
      return assertNever(node, "condition");
  }
}

function leftChain(node: A.Binary): A.Expr[] {
  const operands: A.Expr[] = [node.right];
  let current: A.Expr = node.left;
  while (current.kind === "Binary" && current.op === node.op) {
    operands.push(current.right);
    current = current.left;
  }
  operands.push(current);
  return operands.reverse();
}

function rightChain(node: A.Binary): A.Expr[] {
  const operands: A.Expr[] = [node.left];
  let current: A.Expr = node.right;
  while (current.kind === "Binary" && current.op === node.op) {
    operands.push(current.left);
    current = current.right;
  }
  operands.push(current);
  return operands;
}

function list(values: readonly A.Value[]): Doc {
  if (values.length === 0) return "[]";
  const parts = values.flatMap((v, i) => (i === values.length - 1 ? [value(v)] : [`${value(v)},`, line]));
  return group(["[", indent([softline, fill(parts)]), softline, "]"]);
}

function value(node: A.Value): string {
  switch (node.kind) {
    case "Str":
      return str(node);
    case "Num":
      return node.raw;
    case "Bool":
      return boolSpelling(node);
    case "Ident":
      return node.name;
    default:
      return assertNever(node, "value");
  }
}

/**
 * `yes`/`no` and `true`/`false` mean the same; the AST keeps only the value, but the four spellings have four
 * lengths, so the span tells which one the author wrote. A node without a real span prints as `yes`/`no`.
 */
function boolSpelling(node: A.Bool): string {
  const length = node.span.end.offset - node.span.start.offset;
  if (node.value) return length === 4 ? "true" : "yes";
  return length === 5 ? "false" : "no";
}

function str(node: A.Str): string {
  return quote(node.value);
}

/** A string literal for `text`, using only the escapes the lexer decodes (`\" \\ \n \t \u{…}`). */
function quote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '"') out += '\\"';
    else if (char === "\\") out += "\\\\";
    else if (char === "\n") out += "\\n";
    else if (char === "\t") out += "\\t";
    else if (code < 0x20 || code === 0x7f || (code >= 0xd800 && code <= 0xdfff) || code === 0x2028 || code === 0x2029) {
      out += `\\u{${code.toString(16).toUpperCase()}}`;
    } else out += char;
  }
  return `${out}"`;
}
