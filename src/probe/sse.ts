/**
 * An incremental parser for `text/event-stream` (the WHATWG event-stream rules, limited to what chat completions
 * use): lines end in LF, CR or CRLF and may be split anywhere across chunks, `:` lines are comments, `data:`
 * lines of one event are joined with "\n", and a blank line dispatches the event.
 */

export interface SseParser {
  /** Feeds a chunk; returns the data of every event completed by it. */
  push(chunk: string): string[];
  /**
   * Ends the stream. An event with no blank line after it is discarded, as the event-stream rules say; the result
   * tells whether there was one (or a partial line), which means the stream was cut.
   */
  end(): { readonly incomplete: boolean };
}

export function createSseParser(): SseParser {
  let buffer = "";
  let data: string[] = [];
  let pendingCr = false;

  const takeLine = (line: string, out: string[]): void => {
    if (line === "") {
      if (data.length > 0) out.push(data.join("\n"));
      data = [];
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? "" : line.slice(colon + 1);
    if (value.startsWith(" ")) value = value.slice(1);
    if (field === "data") data.push(value);
  };

  return {
    push(chunk) {
      const out: string[] = [];
      let text = chunk;
      // A CR at the end of the previous chunk already ended its line; a LF right after it belongs to that CRLF.
      if (pendingCr && text.startsWith("\n")) text = text.slice(1);
      pendingCr = false;
      buffer += text;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== "\n" && c !== "\r") continue;
        takeLine(buffer.slice(start, i), out);
        if (c === "\r") {
          if (i + 1 < buffer.length) {
            if (buffer[i + 1] === "\n") i++;
          } else {
            pendingCr = true;
          }
        }
        start = i + 1;
      }
      buffer = buffer.slice(start);
      return out;
    },
    end() {
      const incomplete = buffer !== "" || data.length > 0;
      buffer = "";
      data = [];
      return { incomplete };
    },
  };
}
