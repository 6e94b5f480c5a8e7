import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSseParser } from "../../src/probe/sse.js";
import { payload } from "../fakes/openai-server.js";

function parseAll(chunks: readonly string[]): { events: string[]; incomplete: boolean } {
  const parser = createSseParser();
  const events = chunks.flatMap((c) => parser.push(c));
  return { events, ...parser.end() };
}

function splitAt(text: string, cuts: readonly number[]): string[] {
  const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
  const parts: string[] = [];
  let last = 0;
  for (const p of points) {
    parts.push(text.slice(last, p));
    last = p;
  }
  parts.push(text.slice(last));
  return parts;
}

describe("sse parser", () => {
  it("yields every data payload including [DONE] when the vllm stream arrives whole", () => {
    const { events, incomplete } = parseAll([payload("vllm-openai-tools-stream-llama31.sse")]);
    expect(events).toHaveLength(10);
    expect(events.at(-1)).toBe("[DONE]");
    expect(incomplete).toBe(false);
  });

  it("yields the same events when the stream is split anywhere, with LF, CRLF or CR line ends", () => {
    const base = `: comment\n${payload("ollama-openai-v1-tools-stream-current.sse")}`;
    const expected = parseAll([base]).events;
    expect(expected).toHaveLength(3);
    fc.assert(
      fc.property(fc.constantFrom("\n", "\r\n", "\r"), fc.array(fc.nat(), { maxLength: 12 }), (eol, cuts) => {
        const text = base.replace(/\n/g, eol);
        expect(parseAll(splitAt(text, cuts)).events).toEqual(expected);
      }),
    );
  });

  it("skips comments and joins multi-line data with a newline", () => {
    expect(parseAll([": ping\n\ndata: a\ndata:b\nevent: x\nid: 1\n\n"]).events).toEqual(["a\nb"]);
  });

  it("discards and reports an event cut before its blank line", () => {
    expect(parseAll(['data: {"a":1}\n\ndata: {"b"']).events).toEqual(['{"a":1}']);
    expect(parseAll(['data: {"a":1}\n\ndata: {"b"']).incomplete).toBe(true);
    expect(parseAll(['data: {"a":1}\n']).incomplete).toBe(true);
  });
});
