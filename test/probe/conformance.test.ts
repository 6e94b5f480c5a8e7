import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { hiddenToolCall, isIncompleteJson, judgeMessage, judgeToolProbe, messageFromBody, messageFromEvents } from "../../src/probe/conformance.js";
import { createSseParser } from "../../src/probe/sse.js";
import { payload } from "../fakes/openai-server.js";

function events(name: string): string[] {
  const parser = createSseParser();
  return parser.push(payload(name)).filter((e) => e !== "[DONE]");
}

const base = { attempts: 1, duration_ms: 5, ttfb_ms: 1 };

describe("messageFromEvents", () => {
  it("assembles ollama's whole-call chunk and its separate finish chunk", () => {
    const m = messageFromEvents(events("ollama-openai-v1-tools-stream-current.sse"));
    expect(m).toEqual({ ok: true, value: { content: "", finishReason: "tool_calls", toolCalls: [{ index: 0, id: "call_ejieksiz", name: "get_weather", arguments: '{"city":"Tokyo"}' }] } });
  });

  it("assembles vllm's name-first fragmented arguments and the trailing empty delta", () => {
    const m = messageFromEvents(events("vllm-openai-tools-stream-llama31.sse"));
    expect(m.ok && m.value.toolCalls).toEqual([{ index: 0, id: "chatcmpl-tool-b3b307239370432d9910d4b79b4dbbaa", name: "searchGoogle", arguments: '{"query": "latest news on ai"}' }]);
    expect(m.ok && m.value.finishReason).toBe("tool_calls");
  });

  it("reassembles the arguments whatever way a server fragments them", () => {
    const args = '{"city": "New York", "unit": "celsius"}';
    const event = (delta: Record<string, unknown>, finish: string | null = null) => JSON.stringify({ choices: [{ index: 0, delta, finish_reason: finish }] });
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: args.length - 1 }), { maxLength: 10 }), (cuts) => {
        const points = [0, ...[...cuts].sort((a, b) => a - b), args.length];
        const fragments = points.slice(1).map((end, i) => args.slice(points[i], end));
        const events = [
          event({ role: "assistant", content: "" }),
          event({ tool_calls: [{ id: "c1", type: "function", index: 0, function: { name: "get_weather" } }] }),
          ...fragments.map((f) => event({ tool_calls: [{ index: 0, function: { arguments: f } }] })),
          event({ tool_calls: [{ index: 0, function: { arguments: "" } }] }, "tool_calls"),
        ];
        const m = messageFromEvents(events);
        expect(m.ok && m.value.toolCalls).toEqual([{ index: 0, id: "c1", name: "get_weather", arguments: args }]);
        expect(m.ok && judgeMessage(m.value).status).toBe("pass");
      }),
    );
  });

  it("keeps parallel calls apart by index when their fragments interleave", () => {
    const d = (index: number, fn: Record<string, string>) => JSON.stringify({ choices: [{ index: 0, delta: { tool_calls: [{ index, function: fn }] } }] });
    const m = messageFromEvents([d(0, { name: "get_weather" }), d(1, { name: "get_weather" }), d(1, { arguments: '{"city":"Oslo"}' }), d(0, { arguments: '{"city":"Rome"}' })]);
    expect(m.ok && m.value.toolCalls.map((c) => c.arguments)).toEqual(['{"city":"Rome"}', '{"city":"Oslo"}']);
  });

  it("fails with invalid-json when an event is not json", () => {
    expect(messageFromEvents(['{"choices": [']).ok).toBe(false);
  });
});

describe("hiddenToolCall", () => {
  it("finds the vllm tool call written as text content", () => {
    const m = messageFromBody(payload("vllm-tool-call-in-content.json"));
    expect(m.ok && hiddenToolCall(m.value.content)).toBe("a JSON tool call");
  });

  it("finds tool-call tags and fenced json", () => {
    expect(hiddenToolCall('<tool_call>{"name": "get_weather"}</tool_call>')).toBe("a `<tool_call>` tag");
    expect(hiddenToolCall('Sure:\n```json\n{"name": "get_weather", "arguments": {"city": "Tokyo"}}\n```')).toBe("a JSON tool call");
  });

  it("ignores prose and unrelated json", () => {
    expect(hiddenToolCall("It is sunny in Tokyo.")).toBeNull();
    expect(hiddenToolCall('{"temperature": 24}')).toBeNull();
  });
});

describe("isIncompleteJson", () => {
  it("tells cut json from malformed json", () => {
    expect(isIncompleteJson('{"city": "To')).toBe(true);
    expect(isIncompleteJson('{"city":')).toBe(true);
    expect(isIncompleteJson("")).toBe(true);
    expect(isIncompleteJson("{city: Tokyo}")).toBe(false);
    expect(isIncompleteJson('{"city":"Tokyo"}')).toBe(false);
    expect(isIncompleteJson('{"a": [1}')).toBe(false);
  });
});

describe("judgeToolProbe", () => {
  it("passes the ollama and vllm non-streaming bodies", () => {
    for (const name of ["ollama-openai-v1-tools-nonstream.json", "vllm-openai-tools-nonstream-llama31.json"]) {
      expect(judgeToolProbe({ ...base, kind: "response", status: 200, body: payload(name) })).toEqual({ status: "pass", fault: null, code: null, message: "valid `get_weather` call" });
    }
  });

  it("warns with R0605 when a valid call ends with finish reason stop", () => {
    const v = judgeMessage({ content: "", finishReason: "stop", toolCalls: [{ index: 0, id: null, name: "get_weather", arguments: '{"city":"Tokyo"}' }] });
    expect(v).toEqual({ status: "warn", fault: "finish-reason", code: "R0605", message: "valid tool call, but finish reason `stop` instead of `tool_calls`" });
  });

  it("classifies ollama's 400 as no-tool-support", () => {
    const v = judgeToolProbe({ ...base, kind: "response", status: 400, body: payload("ollama-error-no-tools-openai-compat-v0.18plus.json") });
    expect(v).toMatchObject({ status: "fail", fault: "no-tool-support", code: "R0606" });
    expect(v.message).toContain("registry.ollama.ai/library/gemma3:4b does not support tools");
  });

  it("accepts an arguments object from a native-style server but validates it", () => {
    expect(judgeMessage({ content: "", finishReason: "tool_calls", toolCalls: [{ index: 0, id: null, name: "get_weather", arguments: { city: "Tokyo" } }] }).status).toBe("pass");
    expect(judgeMessage({ content: "", finishReason: "tool_calls", toolCalls: [{ index: 0, id: null, name: "get_weather", arguments: { city: 3 } }] }).fault).toBe("schema-mismatch");
  });

  it("fails with partial-tool-call when the name is missing", () => {
    expect(judgeMessage({ content: "", finishReason: "tool_calls", toolCalls: [{ index: 0, id: null, name: "", arguments: '{"city":"Tokyo"}' }] })).toMatchObject({ fault: "partial-tool-call", code: "R0611" });
  });

  it("fails with schema-mismatch when an unknown tool is called", () => {
    expect(judgeMessage({ content: "", finishReason: "tool_calls", toolCalls: [{ index: 0, id: null, name: "searchGoogle", arguments: "{}" }] })).toMatchObject({ fault: "schema-mismatch", message: "the model called an unknown tool `searchGoogle`" });
  });

  it("fails with truncated-stream when a stream ends without finish reason or [DONE]", () => {
    const evs = events("ollama-openai-v1-tools-stream-current.sse").slice(0, 1);
    expect(judgeToolProbe({ ...base, kind: "stream", status: 200, events: evs, done: false, incomplete: false, first_event_ms: 1 })).toMatchObject({ fault: "truncated-stream", code: "R0610" });
  });

  it("passes through transport faults with their codes", () => {
    expect(judgeToolProbe({ ...base, kind: "failure", fault: "connection-error", message: "ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:9", events: [] })).toMatchObject({ fault: "connection-error", code: "R0612" });
  });
});
