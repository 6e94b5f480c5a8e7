/**
 * Tool-call conformance: the fixed probe request, the assembly of a streamed answer into one message, and the
 * classification of an answer into pass, warning or a precise fault. All pure: the transport is data.
 */
import { Ajv } from "ajv";
import type { Transport } from "./client.js";
import type { Fault, ProbeStatus } from "./schema.js";
import { FAULT_CODES } from "./schema.js";

/** The one tool a probe offers. */
export const PROBE_TOOL = {
  type: "function",
  function: {
    name: "get_weather",
    description: "Get the current weather for a city",
    parameters: {
      type: "object",
      properties: {
        city: { type: "string", minLength: 1, description: "The city name, e.g. Tokyo" },
        unit: { type: "string", enum: ["celsius", "fahrenheit"] },
      },
      required: ["city"],
    },
  },
} as const;

/** The fixed tool-call probe request: deterministic (temperature 0), one tool, a prompt that needs it. */
export function toolProbeRequest(model: string, stream: boolean): Record<string, unknown> {
  return {
    model,
    messages: [
      { role: "system", content: "You are an assistant that answers by calling the provided tools." },
      { role: "user", content: "What is the weather in Tokyo right now? Use the get_weather tool." },
    ],
    tools: [PROBE_TOOL],
    temperature: 0,
    max_tokens: 256,
    stream,
  };
}

/** One tool call, assembled. `arguments` is the raw JSON text (or the object a native-style server sent). */
export interface AssembledToolCall {
  readonly index: number;
  readonly id: string | null;
  readonly name: string;
  readonly arguments: unknown;
}

/** A whole assistant message, from a body or assembled from stream deltas. */
export interface AssembledMessage {
  readonly content: string;
  readonly toolCalls: readonly AssembledToolCall[];
  readonly finishReason: string | null;
}

export interface Verdict {
  readonly status: ProbeStatus;
  readonly fault: Fault | null;
  readonly code: string | null;
  readonly message: string;
}

type Parse<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly fault: Fault; readonly message: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function firstChoice(value: unknown): Record<string, unknown> | null {
  if (!isRecord(value) || !Array.isArray(value["choices"])) return null;
  const choices: unknown[] = value["choices"];
  const choice = choices.find((c) => isRecord(c) && (c["index"] === undefined || c["index"] === 0)) ?? choices[0];
  return isRecord(choice) ? choice : null;
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function parseJson(text: string): Parse<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, fault: "invalid-json", message: error instanceof Error ? error.message : String(error) };
  }
}

/** Reads the first choice of a non-streaming chat completion. */
export function messageFromBody(body: string): Parse<AssembledMessage> {
  const parsed = parseJson(body);
  if (!parsed.ok) return { ok: false, fault: "invalid-json", message: `the response body is not JSON (${parsed.message})` };
  const choice = firstChoice(parsed.value);
  const message = choice && isRecord(choice["message"]) ? choice["message"] : null;
  if (!choice || !message) return { ok: false, fault: "invalid-json", message: "the response has no `choices[0].message`" };
  const calls = Array.isArray(message["tool_calls"]) ? message["tool_calls"] : [];
  const toolCalls = calls.filter(isRecord).map((call, i): AssembledToolCall => {
    const fn = isRecord(call["function"]) ? call["function"] : {};
    return {
      index: typeof call["index"] === "number" ? call["index"] : i,
      id: typeof call["id"] === "string" ? call["id"] : null,
      name: textOf(fn["name"]),
      arguments: fn["arguments"],
    };
  });
  const finish = choice["finish_reason"];
  return { ok: true, value: { content: textOf(message["content"]), toolCalls, finishReason: typeof finish === "string" ? finish : null } };
}

/**
 * Assembles stream events into one message. Tool-call deltas are merged by `index`: Ollama sends a whole call in one
 * chunk, vLLM the id and name first and the arguments in fragments, ending with an empty-arguments delta that
 * carries the finish reason. A name is re-sent whole by some servers, so an identical name is not appended.
 */
export function messageFromEvents(events: readonly string[]): Parse<AssembledMessage> {
  let content = "";
  let finishReason: string | null = null;
  const calls = new Map<number, { id: string | null; name: string; args: string; object: unknown }>();
  for (const [n, event] of events.entries()) {
    const parsed = parseJson(event);
    if (!parsed.ok) return { ok: false, fault: "invalid-json", message: `stream event ${n + 1} is not JSON (${parsed.message})` };
    if (isRecord(parsed.value) && isRecord(parsed.value["error"])) {
      return { ok: false, fault: "http-error", message: `the stream reported an error: ${textOf(parsed.value["error"]["message"]) || "unknown error"}` };
    }
    const choice = firstChoice(parsed.value);
    if (!choice) continue;
    if (typeof choice["finish_reason"] === "string") finishReason = choice["finish_reason"];
    const delta = isRecord(choice["delta"]) ? choice["delta"] : {};
    content += textOf(delta["content"]);
    const deltas = Array.isArray(delta["tool_calls"]) ? delta["tool_calls"] : [];
    for (const [i, d] of deltas.entries()) {
      if (!isRecord(d)) continue;
      const index = typeof d["index"] === "number" ? d["index"] : i;
      const call = calls.get(index) ?? { id: null, name: "", args: "", object: undefined };
      if (typeof d["id"] === "string" && d["id"] !== "") call.id ??= d["id"];
      const fn = isRecord(d["function"]) ? d["function"] : {};
      const name = textOf(fn["name"]);
      if (name !== "" && name !== call.name) call.name += name;
      const args = fn["arguments"];
      if (typeof args === "string") call.args += args;
      else if (args !== undefined && args !== null) call.object = args;
      calls.set(index, call);
    }
  }
  const toolCalls = [...calls.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, c]): AssembledToolCall => ({ index, id: c.id, name: c.name, arguments: c.object !== undefined && c.args === "" ? c.object : c.args }));
  return { ok: true, value: { content, toolCalls, finishReason } };
}

/**
 * Whether `text` is the beginning of a JSON value that was cut off: it never breaks JSON's structure but leaves a
 * string, array or object open (or is empty). Tells a partial tool call from malformed arguments.
 */
export function isIncompleteJson(text: string): boolean {
  const stack: string[] = [];
  let inString = false;
  let escaped = false;
  for (const c of text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c === "\\") escaped = true;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === "{" || c === "[") stack.push(c);
    else if (c === "}" || c === "]") {
      if (stack.pop() !== (c === "}" ? "{" : "[")) return false;
    }
  }
  return inString || stack.length > 0 || text.trim() === "";
}

const TOOL_TAGS = /<tool_call>|<\|python_tag\|>|\[TOOL_CALLS\]|<function=/;

function looksLikeCall(value: unknown): boolean {
  if (Array.isArray(value)) return value.some(looksLikeCall);
  if (!isRecord(value)) return false;
  if (typeof value["name"] === "string" && ("arguments" in value || "parameters" in value)) return true;
  return isRecord(value["function"]) && looksLikeCall(value["function"]);
}

/**
 * Whether text content carries a tool call the server's parser missed: a tool-call tag, or JSON shaped like
 * `{"name": …, "arguments"|"parameters": …}` (possibly under `function`, in a list, or in a code fence). Cut JSON
 * that merely starts like a call counts too.
 */
export function hiddenToolCall(content: string): string | null {
  const tag = TOOL_TAGS.exec(content);
  if (tag) return `a \`${tag[0]}\` tag`;
  const start = content.search(/[[{]/);
  if (start === -1) return null;
  const candidates = [content.slice(start, content.lastIndexOf(content[start] === "{" ? "}" : "]") + 1), content.slice(start)];
  for (const candidate of candidates) {
    const parsed = parseJson(candidate);
    if (parsed.ok && looksLikeCall(parsed.value)) return "a JSON tool call";
  }
  return /"name"\s*:\s*"[^"]*"[\s\S]*"(arguments|parameters)"\s*:/.test(content) ? "a JSON tool call" : null;
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validateArguments = ajv.compile(PROBE_TOOL.function.parameters);

function verdict(status: ProbeStatus, fault: Fault | null, message: string): Verdict {
  return { status, fault, code: fault === null ? null : FAULT_CODES[fault], message };
}

function fail(fault: Fault, message: string): Verdict {
  return verdict("fail", fault, message);
}

function errorMessageOf(body: string): string {
  const parsed = parseJson(body);
  if (parsed.ok && isRecord(parsed.value)) {
    const error = parsed.value["error"];
    if (isRecord(error) && typeof error["message"] === "string") return error["message"];
    if (typeof error === "string") return error;
  }
  return body.trim().slice(0, 200);
}

/** Classifies an HTTP error answer; Ollama's `does not support tools` 400 is its own fault. */
function httpError(status: number, body: string): Verdict {
  const message = errorMessageOf(body);
  if (status === 400 && /does not support tools/i.test(message)) return fail("no-tool-support", `the runtime says the model does not support tools (\`${message}\`)`);
  return fail("http-error", `HTTP ${status}${message ? `: \`${message}\`` : ""}`);
}

/** Judges an assembled message against the probe tool. */
export function judgeMessage(message: AssembledMessage): Verdict {
  if (message.toolCalls.length === 0) {
    const hidden = hiddenToolCall(message.content);
    if (hidden) return fail("tool-call-in-content", `the tool call is in the text content (${hidden}), not in \`tool_calls\``);
    const excerpt = message.content.trim().slice(0, 60);
    return fail("no-tool-call", excerpt ? `no tool call; the model answered \`${excerpt}\`` : "no tool call and no content");
  }
  for (const call of message.toolCalls) {
    if (call.name === "") return fail("partial-tool-call", `tool call ${call.index} has no function name`);
    if (call.name !== PROBE_TOOL.function.name) return fail("schema-mismatch", `the model called an unknown tool \`${call.name}\``);
    let args: unknown = call.arguments;
    if (typeof args === "string") {
      if (isIncompleteJson(args)) return fail("partial-tool-call", `the arguments of \`${call.name}\` are cut short (\`${args.slice(0, 60)}\`)`);
      const parsed = parseJson(args);
      if (!parsed.ok) return fail("invalid-arguments", `the arguments of \`${call.name}\` are not JSON (\`${args.slice(0, 60)}\`)`);
      args = parsed.value;
    } else if (args === undefined || args === null) {
      return fail("partial-tool-call", `tool call \`${call.name}\` has no arguments`);
    }
    if (!validateArguments(args)) {
      return fail("schema-mismatch", `the arguments of \`${call.name}\` do not match its schema: ${ajv.errorsText(validateArguments.errors, { dataVar: "arguments" })}`);
    }
  }
  if (message.finishReason !== "tool_calls") {
    const reason = message.finishReason === null ? "no finish reason" : `finish reason \`${message.finishReason}\``;
    return verdict("warn", "finish-reason", `valid tool call, but ${reason} instead of \`tool_calls\``);
  }
  return verdict("pass", null, `valid \`${PROBE_TOOL.function.name}\` call`);
}

/** Classifies one tool-call probe exchange: transport faults first, then HTTP status, JSON, completeness, the call. */
export function judgeToolProbe(transport: Transport): Verdict {
  switch (transport.kind) {
    case "failure":
      return fail(transport.fault, transport.message);
    case "response": {
      if (transport.status < 200 || transport.status >= 300) return httpError(transport.status, transport.body);
      const message = messageFromBody(transport.body);
      return message.ok ? judgeMessage(message.value) : fail(message.fault, message.message);
    }
    case "stream": {
      const message = messageFromEvents(transport.events);
      if (!message.ok) return fail(message.fault, message.message);
      if (transport.incomplete || (!transport.done && message.value.finishReason === null)) {
        return fail("truncated-stream", `the stream ended after ${transport.events.length} events without a finish reason or \`[DONE]\``);
      }
      return judgeMessage(message.value);
    }
  }
}
