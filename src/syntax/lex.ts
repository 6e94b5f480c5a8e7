/**
 * Lexing: text → tokens, comments and lexical diagnostics. Strings and numbers that are malformed still become
 * tokens (an unterminated string runs to the end of its line), so the parser sees a well-formed stream and a bad
 * literal is one located error rather than a cascade.
 */
import { Lexer, createTokenInstance } from "chevrotain";
import type { IToken, TokenType } from "chevrotain";
import type { Diagnostic, Position, Span } from "../diagnostics/diagnostic.js";
import { diagnostic } from "../diagnostics/registry.js";
import * as t from "./tokens.js";

/** Maps UTF-16 offsets to 1-based lines and columns; `\n`, `\r\n` and `\r` end lines. */
export class LineMap {
  private readonly starts: number[] = [0];

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) this.starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        this.starts.push(i + 1);
      }
    }
  }

  position(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - this.starts[lo]! + 1 };
  }

  /** The span `[start, end)`. */
  span(start: number, end: number): Span {
    return { file: this.file, start: this.position(start), end: this.position(end) };
  }

  /** The span of a token (chevrotain's `endOffset` is inclusive). */
  tokenSpan(token: IToken): Span {
    return this.span(token.startOffset, token.startOffset + token.image.length);
  }
}

const lexer = new Lexer(t.allTokens as TokenType[], { positionTracking: "onlyOffset", ensureOptimizations: true });

export interface LexOutput {
  readonly tokens: readonly IToken[];
  readonly comments: readonly IToken[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A decoded string literal, or where its escapes or termination went wrong. */
export interface DecodedString {
  readonly value: string;
  readonly problems: readonly { readonly code: "R0104" | "R0105"; readonly start: number; readonly end: number; readonly message: string }[];
}

/** Decodes a string token's image (quotes included); offsets in `problems` are relative to the image. */
export function decodeString(image: string): DecodedString {
  const problems: { code: "R0104" | "R0105"; start: number; end: number; message: string }[] = [];
  const terminated = image.length >= 2 && image.endsWith('"') && !endsInEscape(image);
  const body = terminated ? image.slice(1, -1) : image.slice(1);
  if (terminated && !body.includes("\\")) return { value: body, problems };
  let value = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      value += c;
      continue;
    }
    const next = body[i + 1];
    const at = i + 1;
    if (next === '"' || next === "\\") {
      value += next;
      i++;
    } else if (next === "n") {
      value += "\n";
      i++;
    } else if (next === "t") {
      value += "\t";
      i++;
    } else if (next === "u") {
      const match = /^u\{([0-9A-Fa-f]{1,6})\}/.exec(body.slice(i + 1));
      const code = match ? Number.parseInt(match[1]!, 16) : Number.NaN;
      if (match && code <= 0x10ffff) {
        value += String.fromCodePoint(code);
        i += match[0].length;
      } else {
        const extent = /^u(?:\{[^}"]*\}?)?/.exec(body.slice(i + 1))![0];
        problems.push({
          code: "R0105",
          start: at,
          end: at + 1 + extent.length,
          message: `invalid unicode escape \`\\${extent}\``,
        });
        i += extent.length;
      }
    } else if (next === undefined) {
      // A lone backslash before the end of an unterminated string: reported as unterminated.
    } else {
      const escape = String.fromCodePoint(body.codePointAt(i + 1)!);
      problems.push({ code: "R0105", start: at, end: at + 1 + escape.length, message: `unknown escape \`\\${escape}\`` });
      i += escape.length;
    }
  }
  if (!terminated) problems.push({ code: "R0104", start: 0, end: image.length, message: "unterminated string" });
  return { value, problems };
}

function endsInEscape(image: string): boolean {
  let backslashes = 0;
  for (let i = image.length - 2; i >= 1 && image[i] === "\\"; i--) backslashes++;
  return backslashes % 2 === 1;
}

const escapeHelp =
  "the escapes are `\\\"` `\\\\` `\\n` `\\t` and `\\u{1F600}` (1 to 6 hex digits of a code point up to `10FFFF`)";

/** Lexes a file. Tokens of malformed numbers are retyped as plain numbers once reported. */
export function lex(lines: LineMap): LexOutput {
  const result = lexer.tokenize(lines.text);
  const diagnostics: Diagnostic[] = [];
  for (const error of result.errors) {
    const text = lines.text.slice(error.offset, error.offset + error.length);
    const shown = text.length > 20 ? `${text.slice(0, 20)}…` : text;
    diagnostics.push(
      diagnostic("R0101", lines.span(error.offset, error.offset + error.length), `unknown character${text.length > 1 ? "s" : ""} \`${printable(shown)}\``),
    );
  }
  const tokens: IToken[] = [];
  for (const token of result.tokens) {
    // "onlyOffset" tokens carry no end; the parser's node locations need it.
    token.endOffset = token.startOffset + token.image.length - 1;
    if (token.tokenType === t.StringLiteral) {
      for (const problem of decodeString(token.image).problems) {
        const start = token.startOffset + problem.start;
        const help = problem.code === "R0105" ? { help: escapeHelp } : {};
        diagnostics.push(diagnostic(problem.code, lines.span(start, token.startOffset + problem.end), problem.message, help));
      }
      tokens.push(token);
    } else if (token.tokenType === t.BadNumber) {
      diagnostics.push(
        diagnostic("R0106", lines.tokenSpan(token), `invalid number \`${token.image}\``, {
          help: "a number is digits with an optional fraction and unit: `k` `M` (tokens), `KiB` `MiB` `GiB` `TiB` `KB` `MB` `GB` `TB` (bytes) or `%`",
        }),
      );
      tokens.push(retype(token, t.PlainNumber));
    } else {
      tokens.push(token);
    }
  }
  const comments = result.groups["comments"] ?? [];
  for (const comment of comments) comment.endOffset = comment.startOffset + comment.image.length - 1;
  return { tokens, comments, diagnostics };
}

function retype(token: IToken, type: TokenType): IToken {
  return createTokenInstance(type, token.image, token.startOffset, token.startOffset + token.image.length - 1, Number.NaN, Number.NaN, Number.NaN, Number.NaN);
}

/** Shows control characters as escapes so a message stays on one line. */
function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f`]/g, (c) => (c === "`" ? "\\`" : `\\u{${c.charCodeAt(0).toString(16)}}`));
}
