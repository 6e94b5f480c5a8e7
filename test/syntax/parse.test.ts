import { describe, expect, it } from "vitest";
import { stripSpans } from "../../src/syntax/ast.js";
import type { Item } from "../../src/syntax/ast.js";
import { parseOk, validSources } from "./helpers.js";

// Builders for expected trees (spans stripped).
const id = (name: string) => ({ kind: "Ident", name });
const str = (value: string) => ({ kind: "Str", value });
const num = (value: number, unit: string | null, raw: string) => ({ kind: "Num", value, unit, raw });
const bool = (value: boolean) => ({ kind: "Bool", value });
const prop = (key: string, value: unknown) => ({ kind: "Property", key: id(key), value });
const ref = (name: string, quoted: boolean) => ({ kind: "TargetRef", name, quoted });
const remote = (name: string) => ({ kind: "Candidates", candidates: [ref(name, false)], fallback: null });
const flag = (name: string) => ({ kind: "Flag", name: id(name) });
const bin = (op: string, left: unknown, right: unknown) => ({ kind: "Binary", op, left, right });

function items(text: string): unknown[] {
  return parseOk(`policy "t"\n${text}`).items.map((item: Item) => stripSpans(item));
}

function only(text: string): unknown {
  const all = items(text);
  expect(all).toHaveLength(1);
  return all[0];
}

function condition(text: string): unknown {
  const assert = only(`assert "c": ${text}`) as { condition: unknown };
  return assert.condition;
}

describe("parseSource", () => {
  it("parses every shipped policy and ok fixture when they are valid", () => {
    for (const [file, text] of Object.entries(validSources())) {
      expect(() => parseOk(text, file), file).not.toThrow();
    }
  });

  it("reads the header with and without a version when the file starts with one", () => {
    expect(stripSpans(parseOk('policy "a" version 3').header)).toEqual({ kind: "PolicyHeader", name: str("a"), version: num(3, null, "3") });
    expect(stripSpans(parseOk('policy "a"').header)).toEqual({ kind: "PolicyHeader", name: str("a"), version: null });
    expect(parseOk("route L -> claude").header).toBeNull();
  });

  it("builds includes, runtimes, models and remotes when declared", () => {
    expect(items('include "x/y.route"')).toEqual([{ kind: "Include", path: str("x/y.route") }]);
    expect(only('runtime vllm { endpoint "http://h:8000" enabled false }')).toEqual({
      kind: "RuntimeDecl",
      name: id("vllm"),
      properties: [prop("endpoint", str("http://h:8000")), prop("enabled", bool(false))],
    });
    expect(only('model "phi3:latest" on ollama { context 4k tools no vram 2.3GiB cost 0 }')).toEqual({
      kind: "ModelDecl",
      name: str("phi3:latest"),
      runtime: id("ollama"),
      properties: [
        prop("context", num(4, "k", "4k")),
        prop("tools", bool(false)),
        prop("vram", num(2.3, "GiB", "2.3GiB")),
        prop("cost", num(0, null, "0")),
      ],
    });
    expect(only('remote claude { model "claude-sonnet-4-5" }')).toEqual({
      kind: "RemoteDecl",
      name: id("claude"),
      properties: [prop("model", str("claude-sonnet-4-5"))],
    });
  });

  it("builds classes with and without a description when declared", () => {
    expect(only('class L1 "routine" { max_context 32k tools required }')).toEqual({
      kind: "ClassDecl",
      name: id("L1"),
      description: str("routine"),
      properties: [prop("max_context", num(32, "k", "32k")), prop("tools", id("required"))],
    });
    expect(only("class L3 { local never }")).toEqual({
      kind: "ClassDecl",
      name: id("L3"),
      description: null,
      properties: [prop("local", id("never"))],
    });
  });

  it("builds classification rules in order with otherwise when classify is declared", () => {
    expect(only("classify {\n kind == edit -> L1\n otherwise -> L2\n}")).toEqual({
      kind: "ClassifyBlock",
      rules: [
        { kind: "ClassifyRule", condition: { kind: "Compare", feature: id("kind"), op: "==", value: id("edit") }, class: id("L1") },
        { kind: "ClassifyRule", condition: { kind: "Otherwise" }, class: id("L2") },
      ],
    });
  });

  it("attaches excepts to the pattern before them and keeps a dangling except when deny is declared", () => {
    expect(only('deny secrets "d" { use std.secrets "a" "b" except "c" except "d" use x except "e" }')).toEqual({
      kind: "DenyDecl",
      name: id("secrets"),
      description: str("d"),
      entries: [
        { kind: "UseSet", path: [id("std"), id("secrets")] },
        { kind: "DenyPattern", pattern: str("a"), excepts: [] },
        { kind: "DenyPattern", pattern: str("b"), excepts: [str("c"), str("d")] },
        { kind: "UseSet", path: [id("x")] },
        { kind: "DanglingExcept", pattern: str("e") },
      ],
    });
    expect(only('deny s { except "x" }')).toEqual({
      kind: "DenyDecl",
      name: id("s"),
      description: null,
      entries: [{ kind: "DanglingExcept", pattern: str("x") }],
    });
  });

  it("builds paths and vram blocks when declared", () => {
    expect(only("paths { case insensitive redact yes }")).toEqual({
      kind: "PathsDecl",
      properties: [prop("case", id("insensitive")), prop("redact", bool(true))],
    });
    expect(only("vram {\n critical when free < 10%\n unknown as low\n low_vram_mode as low\n}")).toEqual({
      kind: "VramBlock",
      entries: [
        { kind: "VramLevel", name: id("critical"), condition: { kind: "Compare", feature: id("free"), op: "<", value: num(10, "%", "10%") } },
        { kind: "VramAlias", which: id("unknown"), level: id("low") },
        { kind: "VramAlias", which: id("low_vram_mode"), level: id("low") },
      ],
    });
  });

  it("builds escalation triggers with and without a reason when escalate is declared", () => {
    expect(only('escalate {\n denied path -> claude "sensitive"\n schema_mismatch -> claude\n}')).toEqual({
      kind: "EscalateBlock",
      triggers: [
        { kind: "EscalateTrigger", condition: { kind: "Denied", set: null }, target: remote("claude"), reason: str("sensitive") },
        { kind: "EscalateTrigger", condition: flag("schema_mismatch"), target: remote("claude"), reason: null },
      ],
    });
  });

  it("builds routes, on error and asserts when declared", () => {
    expect(only("route L3 -> claude")).toEqual({ kind: "RouteDecl", class: id("L3"), target: remote("claude") });
    expect(only("on error -> claude")).toEqual({ kind: "OnErrorDecl", target: remote("claude") });
    expect(only('assert "a": true')).toEqual({ kind: "AssertDecl", name: str("a"), condition: { kind: "BoolExpr", value: true } });
  });

  it("nests else fallbacks to the right when targets chain", () => {
    const route = only('route L -> "a", "b" else synthesize draft "c", "d" review claude else "e" else claude') as { target: unknown };
    expect(route.target).toEqual({
      kind: "Candidates",
      candidates: [ref("a", true), ref("b", true)],
      fallback: {
        kind: "Synthesize",
        draft: [ref("c", true), ref("d", true)],
        review: ref("claude", false),
        fallback: { kind: "Candidates", candidates: [ref("e", true)], fallback: remote("claude") },
      },
    });
  });

  it("builds every condition atom when used in an assert", () => {
    expect(condition("files <= 3")).toEqual({ kind: "Compare", feature: id("files"), op: "<=", value: num(3, null, "3") });
    for (const op of ["==", "!=", "<", "<=", ">", ">="]) {
      expect(condition(`context ${op} 64k`)).toEqual({ kind: "Compare", feature: id("context"), op, value: num(64, "k", "64k") });
    }
    expect(condition('target == "m"')).toEqual({ kind: "Compare", feature: id("target"), op: "==", value: str("m") });
    expect(condition("kind in [a, \"b\"]")).toEqual({ kind: "Membership", feature: id("kind"), negated: false, values: [id("a"), str("b")] });
    expect(condition("kind not in []")).toEqual({ kind: "Membership", feature: id("kind"), negated: true, values: [] });
    expect(condition('label "security"')).toEqual({ kind: "HasLabel", values: [str("security")] });
    expect(condition("label in [a, b]")).toEqual({ kind: "HasLabel", values: [id("a"), id("b")] });
    expect(condition("denied path")).toEqual({ kind: "Denied", set: null });
    expect(condition("denied secrets")).toEqual({ kind: "Denied", set: id("secrets") });
    expect(condition("vram critical")).toEqual({ kind: "VramAtLeast", level: id("critical") });
    expect(condition('any file "*.md"')).toEqual({ kind: "FileMatch", quantifier: "any", pattern: str("*.md") });
    expect(condition('all files "*.md"')).toEqual({ kind: "FileMatch", quantifier: "all", pattern: str("*.md") });
    expect(condition('no file "*.md"')).toEqual({ kind: "FileMatch", quantifier: "no", pattern: str("*.md") });
    expect(condition("target is local")).toEqual({ kind: "TargetIs", location: "local" });
    expect(condition("target is remote")).toEqual({ kind: "TargetIs", location: "remote" });
    expect(condition("schema_mismatch")).toEqual(flag("schema_mismatch"));
    expect(condition("false")).toEqual({ kind: "BoolExpr", value: false });
  });

  it("binds not tighter than and, and tighter than or, and or tighter than => when operators mix", () => {
    expect(condition("not a and b or c => d")).toEqual(
      bin("=>", bin("or", bin("and", { kind: "Not", operand: flag("a") }, flag("b")), flag("c")), flag("d")),
    );
  });

  it("associates and/or to the left and => to the right when chained", () => {
    expect(condition("a and b and c")).toEqual(bin("and", bin("and", flag("a"), flag("b")), flag("c")));
    expect(condition("a or b or c")).toEqual(bin("or", bin("or", flag("a"), flag("b")), flag("c")));
    expect(condition("a => b => c")).toEqual(bin("=>", flag("a"), bin("=>", flag("b"), flag("c"))));
  });

  it("groups with parentheses when they override precedence", () => {
    expect(condition("a and (b or c)")).toEqual(bin("and", flag("a"), bin("or", flag("b"), flag("c"))));
    expect(condition("not (a or b)")).toEqual({ kind: "Not", operand: bin("or", flag("a"), flag("b")) });
  });

  it("reads units, booleans and words as written when they are values", () => {
    const model = only(
      'model "m" on r { a 1M b 512MiB c 8GB d 0.5 e 1KiB f 2TiB g 3KB h 4MB i 5TB j 7 k true l yes m no n never }',
    ) as { properties: { value: unknown }[] };
    expect(model.properties.map((p) => p.value)).toEqual([
      num(1, "M", "1M"),
      num(512, "MiB", "512MiB"),
      num(8, "GB", "8GB"),
      num(0.5, null, "0.5"),
      num(1, "KiB", "1KiB"),
      num(2, "TiB", "2TiB"),
      num(3, "KB", "3KB"),
      num(4, "MB", "4MB"),
      num(5, "TB", "5TB"),
      num(7, null, "7"),
      bool(true),
      bool(true),
      bool(false),
      id("never"),
    ]);
  });

  it("decodes every escape when a string has them", () => {
    const cls = only('class A "q\\" b\\\\ n\\n t\\t u\\u{1F600}" { }') as { description: unknown };
    expect(cls.description).toEqual(str('q" b\\ n\n t\t u\u{1F600}'));
  });

  it("accepts keywords as names when they are not at the start of their construct", () => {
    expect(only("class low { vram 4GiB model \"x\" }")).toEqual({
      kind: "ClassDecl",
      name: id("low"),
      description: null,
      properties: [prop("vram", num(4, "GiB", "4GiB")), prop("model", str("x"))],
    });
    expect(condition("files > 3")).toEqual({ kind: "Compare", feature: id("files"), op: ">", value: num(3, null, "3") });
    expect(condition("class == low")).toEqual({ kind: "Compare", feature: id("class"), op: "==", value: id("low") });
    expect(only("route files -> error")).toEqual({ kind: "RouteDecl", class: id("files"), target: remote("error") });
  });

  it("keeps identifiers that start with a keyword whole when lexing", () => {
    expect(condition("include_x and notable and inx and ifiles")).toEqual(
      bin("and", bin("and", bin("and", flag("include_x"), flag("notable")), flag("inx")), flag("ifiles")),
    );
  });

  it("collects comments without their # when the file has them", () => {
    const file = parseOk('# one\npolicy "a" # two\n#three');
    expect(file.comments.map((c) => c.text)).toEqual([" one", " two", "three"]);
  });

  it("gives an empty file no header and no items when the text is empty", () => {
    expect(stripSpans(parseOk(""))).toEqual({ kind: "SourceFile", file: "test.route", header: null, items: [], comments: [] });
  });
});
