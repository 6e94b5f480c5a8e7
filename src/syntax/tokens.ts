/**
 * Tokens of the `.route` language. Keywords are contextual: every keyword also belongs to the `Word` category,
 * so wherever the grammar expects a name (a class, a feature, a property key, a word value) a keyword is
 * accepted too, and users can name a class `low` or a feature `files` without meeting reserved words.
 */
import { createToken, Lexer } from "chevrotain";
import type { TokenType } from "chevrotain";

/** Any bare word: identifiers and keywords. */
export const Word = createToken({ name: "Word", pattern: Lexer.NA, label: "a name" });

export const Identifier = createToken({
  name: "Identifier",
  pattern: /[A-Za-z_][A-Za-z0-9_]*/,
  categories: [Word],
  label: "a name",
});

function keyword(word: string): TokenType {
  const name = word[0]!.toUpperCase() + word.slice(1);
  return createToken({ name, pattern: new RegExp(word), longer_alt: Identifier, categories: [Word], label: `\`${word}\`` });
}

export const Policy = keyword("policy");
export const Version = keyword("version");
export const Include = keyword("include");
export const Runtime = keyword("runtime");
export const Model = keyword("model");
export const On = keyword("on");
export const Remote = keyword("remote");
export const Class = keyword("class");
export const Classify = keyword("classify");
export const Otherwise = keyword("otherwise");
export const Deny = keyword("deny");
export const Use = keyword("use");
export const Except = keyword("except");
export const Paths = keyword("paths");
export const Vram = keyword("vram");
export const When = keyword("when");
export const As = keyword("as");
export const Escalate = keyword("escalate");
export const Route = keyword("route");
export const ErrorKw = createToken({
  name: "ErrorKw",
  pattern: /error/,
  longer_alt: Identifier,
  categories: [Word],
  label: "`error`",
});
export const Assert = keyword("assert");
export const Synthesize = keyword("synthesize");
export const Draft = keyword("draft");
export const Review = keyword("review");
export const Else = keyword("else");
export const And = keyword("and");
export const Or = keyword("or");
export const Not = keyword("not");
export const In = keyword("in");
export const True = keyword("true");
export const False = keyword("false");
export const Yes = keyword("yes");
export const No = keyword("no");
export const Label = keyword("label");
export const Denied = keyword("denied");
export const Any = keyword("any");
export const All = keyword("all");
export const Files = keyword("files");
export const File = keyword("file");
export const Target = keyword("target");
export const Is = keyword("is");
export const Local = keyword("local");

/** Numbers with or without a unit; the unit kinds share this category (as the CSS example's `Length`). */
export const Quantity = createToken({ name: "Quantity", pattern: Lexer.NA, label: "a number" });
export const ByteSize = createToken({
  name: "ByteSize",
  pattern: /\d+(?:\.\d+)?(?:KiB|MiB|GiB|TiB|KB|MB|GB|TB)(?![A-Za-z0-9_])/,
  categories: [Quantity],
  label: "a size",
});
export const TokenCount = createToken({
  name: "TokenCount",
  pattern: /\d+(?:\.\d+)?[kM](?![A-Za-z0-9_])/,
  categories: [Quantity],
  label: "a token count",
});
export const Percentage = createToken({
  name: "Percentage",
  pattern: /\d+(?:\.\d+)?%/,
  categories: [Quantity],
  label: "a percentage",
});
export const PlainNumber = createToken({
  name: "PlainNumber",
  pattern: /\d+(?:\.\d+)?(?![A-Za-z0-9_.])/,
  categories: [Quantity],
  label: "a number",
});
/** A number glued to letters that are no unit (`32kb`, `1.2.3`): lexed whole so it is reported once. */
export const BadNumber = createToken({ name: "BadNumber", pattern: /\d[A-Za-z0-9_.]*%?/, label: "a number" });

/**
 * A string up to its closing quote or, when unterminated, to the end of the line. Escapes and termination are
 * validated after lexing (`lex.ts`), so a bad string is one located error and parsing continues.
 */
export const StringLiteral = createToken({
  name: "StringLiteral",
  pattern: /"(?:[^"\\\r\n]|\\[^\r\n])*"?/,
  label: "a string",
});

export const Comment = createToken({ name: "Comment", pattern: /#[^\r\n]*/, group: "comments" });
export const WhiteSpace = createToken({ name: "WhiteSpace", pattern: /[ \t\r\n\f\v\uFEFF]+/, group: Lexer.SKIPPED });

export const Arrow = createToken({ name: "Arrow", pattern: /->/, label: "`->`" });
export const Implies = createToken({ name: "Implies", pattern: /=>/, label: "`=>`" });

/** Comparison operators share a category so a comparison is one `CONSUME(CompareOp)`. */
export const CompareOp = createToken({ name: "CompareOp", pattern: Lexer.NA, label: "a comparison operator" });
export const EqEq = createToken({ name: "EqEq", pattern: /==/, categories: [CompareOp], label: "`==`" });
export const NotEq = createToken({ name: "NotEq", pattern: /!=/, categories: [CompareOp], label: "`!=`" });
export const LessEq = createToken({ name: "LessEq", pattern: /<=/, categories: [CompareOp], label: "`<=`" });
export const GreaterEq = createToken({ name: "GreaterEq", pattern: />=/, categories: [CompareOp], label: "`>=`" });
export const Less = createToken({ name: "Less", pattern: /</, categories: [CompareOp], label: "`<`" });
export const Greater = createToken({ name: "Greater", pattern: />/, categories: [CompareOp], label: "`>`" });

export const LBracket = createToken({ name: "LBracket", pattern: /\[/, label: "`[`" });
export const RBracket = createToken({ name: "RBracket", pattern: /]/, label: "`]`" });
export const LBrace = createToken({ name: "LBrace", pattern: /{/, label: "`{`" });
export const RBrace = createToken({ name: "RBrace", pattern: /}/, label: "`}`" });
export const LParen = createToken({ name: "LParen", pattern: /\(/, label: "`(`" });
export const RParen = createToken({ name: "RParen", pattern: /\)/, label: "`)`" });
export const Comma = createToken({ name: "Comma", pattern: /,/, label: "`,`" });
export const Colon = createToken({ name: "Colon", pattern: /:/, label: "`:`" });
export const Dot = createToken({ name: "Dot", pattern: /\./, label: "`.`" });

/**
 * Keywords, longest first: the lexer takes the first pattern that matches, so `in` must not be tried before
 * `include` (`longer_alt` only lets an identifier win over a keyword, not one keyword over another).
 */
export const keywords: readonly TokenType[] = [
  Policy, Version, Include, Runtime, Model, On, Remote, Classify, Class, Otherwise, Deny, Denied, Use, Except,
  Paths, Vram, When, As, Escalate, Route, ErrorKw, Assert, Synthesize, Draft, Review, Else, And, Or, Not, In,
  True, False, Yes, No, Label, Any, All, Files, File, Target, Is, Local,
].sort((a, b) => keywordText(b).length - keywordText(a).length);

function keywordText(token: TokenType): string {
  return (token.PATTERN as RegExp).source;
}

/** Every token type, in lexing order (longest and most specific first). */
export const allTokens: readonly TokenType[] = [
  WhiteSpace,
  Comment,
  StringLiteral,
  ByteSize,
  TokenCount,
  Percentage,
  PlainNumber,
  BadNumber,
  Arrow,
  Implies,
  EqEq,
  NotEq,
  LessEq,
  GreaterEq,
  Less,
  Greater,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  LParen,
  RParen,
  Comma,
  Colon,
  Dot,
  ...keywords,
  Identifier,
  Word,
  Quantity,
  CompareOp,
];
