/**
 * `--format github`: GitHub Actions workflow commands, which the runner turns into annotations on the pull
 * request's diff: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=R0203::message`.
 */
import type { Diagnostic } from "../diagnostic.js";
import { displayPath } from "./source.js";

export interface GithubOptions {
  /** Paths are made relative to this directory (the repository root). */
  readonly root?: string;
}

const commands = { error: "error", warning: "warning", info: "notice" } as const;

/** Escapes a command's message, as the Actions toolkit does (`%`, CR, LF). */
function escapeData(text: string): string {
  return text.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** Escapes a property value: the message escapes plus `:` and `,`, which separate properties. */
function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

function renderOne(d: Diagnostic, root: string | undefined): string {
  const props: string[] = [];
  if (d.span !== null) {
    props.push(`file=${escapeProperty(displayPath(d.span.file, root))}`);
    props.push(`line=${d.span.start.line}`, `col=${d.span.start.column}`);
    props.push(`endLine=${d.span.end.line}`, `endColumn=${d.span.end.column}`);
  }
  props.push(`title=${escapeProperty(d.code)}`);
  const message = [d.message, ...(d.help === undefined ? [] : [`help: ${d.help}`]), ...(d.notes ?? []).map((n) => `note: ${n}`)].join("\n");
  return `::${commands[d.severity]} ${props.join(",")}::${escapeData(message)}\n`;
}

/** Renders one workflow command per diagnostic. */
export function renderGithub(diagnostics: readonly Diagnostic[], options: GithubOptions = {}): string {
  return diagnostics.map((d) => renderOne(d, options.root)).join("");
}
