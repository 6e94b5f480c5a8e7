/** Helpers shared by the formatter tests: reparsing, comparing trees, and perturbing layout. */
import fc from "fast-check";
import { expect } from "vitest";
import { stripSpans } from "../../src/syntax/ast.js";
import type { SourceFile } from "../../src/syntax/ast.js";
import { parseSource } from "../../src/syntax/index.js";
import { LineMap, lex } from "../../src/syntax/lex.js";

/** Parses text that must be valid, failing the test with its diagnostics otherwise. */
export function mustParse(text: string, file = "test.route"): SourceFile {
  const parsed = parseSource(text, file);
  if (!parsed.ok) throw new Error(`expected a parse, got ${JSON.stringify(parsed.diagnostics.map((d) => d.message))}\n${text}`);
  return parsed.value;
}

/** The tree without spans and comments: what the policy means. */
export function meaning(file: SourceFile): unknown {
  return stripSpans({ ...file, comments: [], file: "" });
}

/** Comment texts in order; trailing whitespace is not part of a comment (the printer trims it). */
export function commentTexts(file: SourceFile): string[] {
  return file.comments.map((comment) => comment.text.trimEnd());
}

/** How to lay out one gap between tokens, and whether to put a new comment in it. */
export interface Gap {
  readonly space: string;
  readonly comment: string | null;
}

export const gap: fc.Arbitrary<Gap> = fc.record({
  space: fc.constantFrom(" ", "\n", "\t", "   ", "\n\n", "\r\n", " \n  \n"),
  comment: fc.option(fc.stringMatching(/^[ -~]{0,20}$/), { freq: 6 }),
});

/**
 * Re-lays out `text` token by token: every gap gets the next whitespace from `gaps` (cycled), some get a new
 * comment, and existing comments stay in order. Tokens keep at least one whitespace between them, so the token
 * stream, and with it the tree, is unchanged.
 */
export function perturb(text: string, gaps: readonly Gap[]): string {
  const lexed = lex(new LineMap("perturb.route", text));
  expect(lexed.diagnostics).toEqual([]);
  const pieces = [
    ...lexed.tokens.map((token) => ({ at: token.startOffset, text: token.image, comment: false })),
    ...lexed.comments.map((token) => ({ at: token.startOffset, text: token.image, comment: true })),
  ].sort((a, b) => a.at - b.at);
  let out = "";
  pieces.forEach((piece, i) => {
    const choice = gaps.length === 0 ? { space: " ", comment: null } : gaps[i % gaps.length]!;
    if (choice.comment !== null) out += `#${choice.comment}\n`;
    out += piece.comment ? `${piece.text}\n` : piece.text;
    out += choice.space;
  });
  return out;
}
