import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { cstDtsPath, diagramsPath, generateSyntaxArtifacts } from "../../scripts/gen-syntax.js";
import { parser } from "../../src/syntax/parser.js";
import { keywords } from "../../src/syntax/tokens.js";

const ebnf = readFileSync("grammar/route.ebnf", "utf8");
const productions = [...ebnf.matchAll(/^([A-Za-z]\w*)\s+::=/gm)].map((m) => m[1]!);
/** Productions that document the parser without being rules of their own. */
const documentationOnly = ["propertyBlock", "declarationStart"];

describe("generated syntax artifacts", () => {
  const artifacts = generateSyntaxArtifacts();

  it.each([cstDtsPath, diagramsPath])("keeps %s up to date when the grammar changes (run npm run gen:syntax)", (path) => {
    expect(readFileSync(path, "utf8")).toBe(artifacts[path]);
  });
});

describe("grammar/route.ebnf", () => {
  const rules = Object.keys(parser.getGAstProductions());

  it("has a production for every parser rule when the parser gains a rule", () => {
    expect(rules.filter((rule) => !productions.includes(rule))).toEqual([]);
  });

  it("has no rule production the parser lacks when a rule is removed", () => {
    const lowercase = productions.filter((name) => /^[a-z]/.test(name));
    expect(lowercase.filter((name) => !rules.includes(name) && !documentationOnly.includes(name))).toEqual([]);
  });

  it("lists exactly the lexer's keywords when keywords change", () => {
    const keywordLine = /Keyword\s+::=([^]*?)\nQuantity/.exec(ebnf)?.[1] ?? "";
    const listed = [...keywordLine.matchAll(/'([a-z]+)'/g)].map((m) => m[1]!).sort();
    const lexed = keywords.map((k) => (k.PATTERN as RegExp).source).sort();
    expect(listed).toEqual(lexed);
  });
});
