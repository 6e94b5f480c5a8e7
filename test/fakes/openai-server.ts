/**
 * A scripted OpenAI-compatible server on 127.0.0.1 (random port) for probe tests. It replays the real response
 * shapes in `fixtures/probe/payloads/` chosen by the request's model name, and a set of faults. Streams are
 * written in small uneven chunks so `data:` lines arrive split across reads.
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";

const PAYLOADS = new URL("../../fixtures/probe/payloads/", import.meta.url);

/** The text of a fixture in `fixtures/probe/payloads/`. */
export function payload(name: string): string {
  return readFileSync(new URL(name, PAYLOADS), "utf8");
}

/** The models the server knows and what each does with a tool-call request. */
export const SCRIPTED_MODELS = [
  "ollama-conforming",
  "ollama-crlf",
  "cold-load",
  "vllm-fragmented",
  "vllm-stop",
  "in-content",
  "no-tools",
  "no-call",
  "bad-args",
  "invalid-args",
  "partial",
  "hang",
  "malformed",
  "cut",
  "http500",
] as const;
export type ScriptedModel = (typeof SCRIPTED_MODELS)[number];

/**
 * The models of `policies/default.route`, answering as such models do on Ollama: phi3's template has no tool
 * support (the 400), qwen2.5-coder writes its calls as text.
 */
export const DEFAULT_POLICY_MODELS: Readonly<Record<string, ScriptedModel>> = {
  "qwen2.5:7b-instruct": "ollama-conforming",
  "llama3.1:latest": "ollama-conforming",
  "mistral:latest": "vllm-fragmented",
  "phi3:latest": "no-tools",
  "qwen2.5-coder:7b": "in-content",
};

export interface RecordedRequest {
  readonly model: string;
  readonly stream: boolean;
  readonly tools: boolean;
  readonly path: string;
  readonly authorization: string | null;
}

export interface ScriptedServer {
  /** The endpoint base, like Ollama's `http://127.0.0.1:11434`. */
  readonly url: string;
  readonly requests: RecordedRequest[];
  readonly close: () => Promise<void>;
}

function completion(model: string, message: Record<string, unknown>, finish: string | null): string {
  return JSON.stringify({ id: "chatcmpl-test", object: "chat.completion", created: 1751920373, model, choices: [{ index: 0, message, finish_reason: finish }] });
}

function toolCallBody(model: string, args: string, finish = "tool_calls"): string {
  return completion(model, { role: "assistant", content: "", tool_calls: [{ id: "call_1", index: 0, type: "function", function: { name: "get_weather", arguments: args } }] }, finish);
}

function chunk(model: string, delta: Record<string, unknown>, finish: string | null): string {
  return `data: ${JSON.stringify({ id: "chatcmpl-test", object: "chat.completion.chunk", created: 1751919739, model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
}

function toolCallStream(model: string, args: string, finish: string): string {
  return (
    chunk(model, { role: "assistant", content: "", tool_calls: [{ id: "call_1", index: 0, type: "function", function: { name: "get_weather", arguments: args } }] }, null) +
    chunk(model, {}, finish) +
    "data: [DONE]\n\n"
  );
}

function textStream(model: string, text: string): string {
  const parts = [text.slice(0, 10), text.slice(10, 40), text.slice(40)];
  return chunk(model, { role: "assistant", content: "" }, null) + parts.map((p) => chunk(model, { content: p }, null)).join("") + chunk(model, {}, "stop") + "data: [DONE]\n\n";
}

/** The vLLM fragmented stream with its tool renamed to the probe's (the fragmentation is what matters). */
function vllmStream(): string {
  return payload("vllm-openai-tools-stream-llama31.sse").replace(/searchGoogle/g, "get_weather").replace(/\\"query\\"/g, '\\"city\\"');
}

async function writeChunked(res: ServerResponse, text: string, size = 37): Promise<void> {
  for (let i = 0; i < text.length; i += size) {
    res.write(text.slice(i, i + size));
    await new Promise((r) => setImmediate(r));
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (body += c));
    req.on("end", () => resolve(body));
  });
}

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly stream: boolean;
}

/** What a model answers to a tool-call request (`tools` set), per streaming mode; null for the fault models. */
function toolAnswer(model: string, stream: boolean): Answer | null {
  const json = (body: string, status = 200): Answer => ({ status, body, stream: false });
  const sse = (body: string): Answer => ({ status: 200, body, stream: true });
  switch (model) {
    case "ollama-conforming":
      return stream ? sse(payload("ollama-openai-v1-tools-stream-current.sse")) : json(payload("ollama-openai-v1-tools-nonstream.json"));
    case "ollama-crlf":
      return stream ? sse(`: keep-alive\r\n\r\n${payload("ollama-openai-v1-tools-stream-current.sse").replace(/\n/g, "\r\n")}`) : json(payload("ollama-openai-v1-tools-nonstream.json"));
    case "vllm-fragmented":
      return stream ? sse(vllmStream()) : json(payload("vllm-openai-tools-nonstream-llama31.json"));
    case "vllm-stop":
      return stream ? sse(vllmStream().replace(/"finish_reason":"tool_calls"/g, '"finish_reason":"stop"')) : json(payload("vllm-openai-tools-nonstream-llama31.json").replace('"finish_reason": "tool_calls"', '"finish_reason": "stop"'));
    case "in-content": {
      const body = payload("vllm-tool-call-in-content.json");
      const content = (JSON.parse(body) as { choices: { message: { content: string } }[] }).choices[0]?.message.content ?? "";
      return stream ? sse(textStream(model, content)) : json(body);
    }
    case "no-tools":
      return json(payload("ollama-error-no-tools-openai-compat-v0.18plus.json"), 400);
    case "no-call":
      return stream ? sse(textStream(model, "It is sunny in Tokyo today, 24 degrees.")) : json(completion(model, { role: "assistant", content: "It is sunny in Tokyo today, 24 degrees." }, "stop"));
    case "bad-args":
      return stream ? sse(toolCallStream(model, '{"town":"Tokyo"}', "tool_calls")) : json(toolCallBody(model, '{"town":"Tokyo"}'));
    case "invalid-args":
      return stream ? sse(toolCallStream(model, "{city: Tokyo}", "tool_calls")) : json(toolCallBody(model, "{city: Tokyo}"));
    case "partial":
      return stream ? sse(toolCallStream(model, '{"city": "To', "tool_calls")) : json(toolCallBody(model, '{"city": "To'));
    default:
      return null;
  }
}

/** Starts the server; `close` ends hung requests too. */
export function startScriptedServer(): Promise<ScriptedServer> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const text = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(text) as Record<string, unknown>;
    } catch {
      res.writeHead(400, { "content-type": "application/json" }).end('{"error":{"message":"invalid request body"}}');
      return;
    }
    const requested = typeof body["model"] === "string" ? body["model"] : "";
    const model = DEFAULT_POLICY_MODELS[requested] ?? requested;
    const stream = body["stream"] === true;
    const tools = Array.isArray(body["tools"]);
    requests.push({ model: requested, stream, tools, path: req.url ?? "", authorization: req.headers.authorization ?? null });
    if (req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end('{"error":{"message":"not found"}}');
      return;
    }
    switch (model) {
      case "hang":
        return;
      case "http500":
        res.writeHead(500, { "content-type": "application/json" }).end('{"error":{"message":"llama runner process has terminated","type":"api_error"}}');
        return;
      case "malformed":
        if (stream) {
          res.writeHead(200, { "content-type": "text/event-stream" });
          res.end(`data: {"id":"chatcmpl-test","choices":[{"index":0,"delta":{"content":"x"}}]}\n\ndata: {"id": chatcmpl-test, "choices": [\n\ndata: [DONE]\n\n`);
        } else {
          res.writeHead(200, { "content-type": "application/json" }).end('{"id": "chatcmpl-test", "choices": [{"index": 0, "message": {"role": "assistant", content: null}}]}');
        }
        return;
      case "cut": {
        const full = stream ? payload("ollama-openai-v1-tools-stream-current.sse") : payload("ollama-openai-v1-tools-nonstream.json");
        res.writeHead(200, { "content-type": stream ? "text/event-stream" : "application/json" });
        res.write(full.slice(0, Math.floor(full.length / 2)), () => res.socket?.destroy());
        return;
      }
    }
    if (!SCRIPTED_MODELS.includes(model as ScriptedModel)) {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: `model "${model}" not found, try pulling it first`, type: "api_error" } }));
      return;
    }
    if (model === "cold-load" && !requests.slice(0, -1).some((r) => r.model === "cold-load")) {
      // The first request loads the model.
      await new Promise((r) => setTimeout(r, 250));
    }
    const answer = tools ? toolAnswer(model === "cold-load" ? "ollama-conforming" : model, stream) : null;
    if (!answer) {
      // The latency prompt: a plain answer.
      if (stream) {
        res.writeHead(200, { "content-type": "text/event-stream" });
        await writeChunked(res, textStream(model, "ready"));
        res.end();
      } else {
        res.writeHead(200, { "content-type": "application/json" }).end(completion(model, { role: "assistant", content: "ready" }, "stop"));
      }
      return;
    }
    res.writeHead(answer.status, { "content-type": answer.stream ? "text/event-stream" : "application/json" });
    if (answer.stream) await writeChunked(res, answer.body);
    else res.write(answer.body);
    res.end();
  };

  const server = createServer((req, res) => void handle(req, res));
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
