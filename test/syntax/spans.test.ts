import { describe, expect, it } from "vitest";
import type { Span } from "../../src/diagnostics/diagnostic.js";
import { parseOk, validSources, walkNodes } from "./helpers.js";

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** What the text under a node's span must look like, by node kind. */
const expectations: Record<string, (text: string, node: Record<string, unknown>) => void> = {
  Ident: (text, node) => expect(text).toBe(node["name"]),
  Str: (text) => expect(text).toMatch(/^".*"$/s),
  Num: (text, node) => expect(text).toBe(node["raw"]),
  Bool: (text) => expect(["yes", "no", "true", "false"]).toContain(text),
  BoolExpr: (text) => expect(["true", "false"]).toContain(text),
  Comment: (text, node) => expect(text).toBe(`#${String(node["text"])}`),
  TargetRef: (text, node) => expect(node["quoted"] ? text.slice(1, -1) : text).toBe(node["name"]),
  Otherwise: (text) => expect(text).toBe("otherwise"),
  PolicyHeader: (text) => expect(text).toMatch(/^policy\s/),
  Include: (text) => expect(text).toMatch(/^include\s+".*"$/),
  RuntimeDecl: (text) => expect(text).toMatch(/^runtime\s[^]*}$/),
  ModelDecl: (text) => expect(text).toMatch(/^model\s[^]*}$/),
  RemoteDecl: (text) => expect(text).toMatch(/^remote\s[^]*}$/),
  ClassDecl: (text) => expect(text).toMatch(/^class\s[^]*}$/),
  ClassifyBlock: (text) => expect(text).toMatch(/^classify\s*{[^]*}$/),
  DenyDecl: (text) => expect(text).toMatch(/^deny\s[^]*}$/),
  PathsDecl: (text) => expect(text).toMatch(/^paths\s*{[^]*}$/),
  VramBlock: (text) => expect(text).toMatch(/^vram\s*{[^]*}$/),
  EscalateBlock: (text) => expect(text).toMatch(/^escalate\s*{[^]*}$/),
  RouteDecl: (text) => expect(text).toMatch(/^route\s.*->/s),
  OnErrorDecl: (text) => expect(text).toMatch(/^on\s+error\s*->/),
  AssertDecl: (text) => expect(text).toMatch(/^assert\s+".*":/s),
  UseSet: (text) => expect(text).toMatch(/^use\s/),
  DanglingExcept: (text) => expect(text).toMatch(/^except\s+"/),
  DenyPattern: (text) => expect(text).toMatch(/^".*"$/s),
  Property: (text, node) => expect(text.startsWith((node["key"] as { name: string }).name)).toBe(true),
  Not: (text) => expect(text).toMatch(/^not\s/),
  Denied: (text) => expect(text).toMatch(/^denied\s+\w+$/),
  VramAtLeast: (text) => expect(text).toMatch(/^vram\s+\w+$/),
  TargetIs: (text) => expect(text).toMatch(/^target\s+is\s+(local|remote)$/),
  FileMatch: (text) => expect(text).toMatch(/^(any\s+file|all\s+files|no\s+file)\s+".*"$/),
  HasLabel: (text) => expect(text).toMatch(/^label\s/),
  Synthesize: (text) => expect(text).toMatch(/^synthesize\s+draft\s/),
};

function checkSpans(file: string, text: string): number {
  const ast = parseOk(text, file);
  let checked = 0;
  walkNodes(ast, (node) => {
    const span = node.span as Span | undefined;
    expect(span, `${node.kind} has a span`).toBeDefined();
    if (span === undefined) return;
    expect(span.file).toBe(file);
    expect(span.start.offset).toBeLessThanOrEqual(span.end.offset);
    expect(span.end.offset).toBeLessThanOrEqual(text.length);
    expect({ line: span.start.line, column: span.start.column }).toEqual(positionOf(text, span.start.offset));
    expect({ line: span.end.line, column: span.end.column }).toEqual(positionOf(text, span.end.offset));
    const under = text.slice(span.start.offset, span.end.offset);
    if (node.kind !== "SourceFile") expect(under, `${node.kind} span text`).toBe(under.trim());
    expectations[node.kind]?.(under, node);
    checked++;
  });
  return checked;
}

describe("spans", () => {
  it("puts every node's span on the text of that node when parsing shipped policies and fixtures", () => {
    let total = 0;
    for (const [file, text] of Object.entries(validSources())) total += checkSpans(file, text);
    expect(total).toBeGreaterThan(500);
  });

  it("keeps each child span inside its parent's span when nodes nest", () => {
    const text = 'policy "p"\nassert "a": (x or y) and not z => target is local\nroute L -> "a" else synthesize draft "b" review c';
    const ast = parseOk(text);
    const visit = (value: unknown, parent: Span | null): void => {
      if (Array.isArray(value)) return value.forEach((item) => visit(item, parent));
      if (value === null || typeof value !== "object") return;
      const record = value as Record<string, unknown>;
      const span = record["span"] as Span | undefined;
      if (span !== undefined && parent !== null && record["kind"] !== "Comment") {
        expect(span.start.offset).toBeGreaterThanOrEqual(parent.start.offset);
        expect(span.end.offset).toBeLessThanOrEqual(parent.end.offset);
      }
      for (const [key, inner] of Object.entries(record)) if (key !== "span") visit(inner, span ?? parent);
    };
    visit(ast, null);
  });

  it("spans a folded operator chain from its first operand to its last when operators chain", () => {
    const text = 'assert "a": (x or y) and z => w';
    const condition = parseOk(text).items[0]!;
    if (condition.kind !== "AssertDecl" || condition.condition.kind !== "Binary") throw new Error("expected an implication");
    const implies = condition.condition;
    const slice = (span: Span): string => text.slice(span.start.offset, span.end.offset);
    expect(slice(implies.span)).toBe("(x or y) and z => w");
    expect(slice(implies.left.span)).toBe("(x or y) and z");
  });

  it("counts lines after CRLF and CR line ends when a file uses them", () => {
    const text = 'policy "p"\r\nroute A -> b\rroute C -> d';
    const items = parseOk(text).items;
    expect(items.map((item) => [item.span.start.line, item.span.start.column])).toEqual([
      [2, 1],
      [3, 1],
    ]);
  });
});
