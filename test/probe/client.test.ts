import { createServer } from "node:http";
import type { Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { run } from "../../src/cli/program.js";
import { chatCompletionsUrl, postChatCompletion } from "../../src/probe/client.js";
import type { ProbeResults } from "../../src/probe/schema.js";
import type { ScriptedServer } from "../fakes/openai-server.js";
import { startScriptedServer } from "../fakes/openai-server.js";

let scripted: ScriptedServer;
let flaky: Server;
let flakyUrl: string;
let flakyHits = 0;

beforeAll(async () => {
  scripted = await startScriptedServer();
  // Answers 503 twice, then a completion: retries must get through.
  flaky = createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      flakyHits++;
      if (flakyHits <= 2) res.writeHead(503, { "content-type": "application/json" }).end('{"error":{"message":"busy"}}');
      else res.writeHead(200, { "content-type": "application/json" }).end('{"choices":[{"index":0,"message":{"role":"assistant","content":"ready"},"finish_reason":"stop"}]}');
    });
  });
  await new Promise<void>((r) => flaky.listen(0, "127.0.0.1", () => r()));
  const address = flaky.address();
  flakyUrl = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
});
afterAll(async () => {
  await scripted.close();
  await new Promise<void>((r) => flaky.close(() => r()));
});

const body = { model: "ollama-conforming", messages: [], stream: false };

describe("chatCompletionsUrl", () => {
  it("appends /v1/chat/completions to a root endpoint and keeps an existing /v1", () => {
    expect(chatCompletionsUrl("http://127.0.0.1:11434")).toBe("http://127.0.0.1:11434/v1/chat/completions");
    expect(chatCompletionsUrl("http://127.0.0.1:8000/v1/")).toBe("http://127.0.0.1:8000/v1/chat/completions");
    expect(chatCompletionsUrl("https://gpu.lan/ollama")).toBe("https://gpu.lan/ollama/v1/chat/completions");
  });
});

describe("postChatCompletion", () => {
  it("retries 5xx answers with backoff until one succeeds", async () => {
    flakyHits = 0;
    const t = await postChatCompletion(flakyUrl, body, { timeoutMs: 1000, retries: 3, backoffMs: 5 });
    expect(t).toMatchObject({ kind: "response", status: 200, attempts: 3 });
  });

  it("gives up after the configured retries and returns the last 5xx", async () => {
    flakyHits = 0;
    const t = await postChatCompletion(flakyUrl, body, { timeoutMs: 1000, retries: 1, backoffMs: 5 });
    expect(t).toMatchObject({ kind: "response", status: 503, attempts: 2 });
  });

  it("does not retry a timeout", async () => {
    const t = await postChatCompletion(scripted.url, { ...body, model: "hang" }, { timeoutMs: 150, retries: 3, backoffMs: 5 });
    expect(t).toMatchObject({ kind: "failure", fault: "timeout", attempts: 1 });
  });

  it("reports cancelled when the signal aborts a hung request", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const t = await postChatCompletion(scripted.url, { ...body, model: "hang" }, { timeoutMs: 5000, retries: 0, backoffMs: 5, signal: controller.signal });
    expect(t).toMatchObject({ kind: "failure", fault: "cancelled" });
  });

  it("collects stream events split across chunks and sees [DONE]", async () => {
    const t = await postChatCompletion(scripted.url, { model: "vllm-fragmented", messages: [], tools: [], stream: true }, { timeoutMs: 1000, retries: 0, backoffMs: 5 });
    expect(t).toMatchObject({ kind: "stream", status: 200, done: true, incomplete: false });
    expect(t.kind === "stream" && t.events).toHaveLength(9);
  });
});

describe("routec probe cancellation", () => {
  it("stops at SIGINT, keeps what it has and exits 2", async () => {
    const io = memoryIO();
    const hangsBefore = scripted.requests.filter((r) => r.model === "hang").length;
    const pending = run(["probe", "--endpoint", scripted.url, "--model", "ollama-conforming", "--model", "hang", "--model", "ollama-conforming", "--timeout", "5000", "--iterations", "0", "--format", "json"], io, "0.0.0");
    const started = Date.now();
    // The first model answers at once; the second hangs until the interrupt.
    while (scripted.requests.filter((r) => r.model === "hang").length === hangsBefore) await new Promise((r) => setTimeout(r, 10));
    process.emit("SIGINT");
    expect(await pending).toBe(2);
    expect(Date.now() - started).toBeLessThan(2000);
    const results = JSON.parse(io.out()) as ProbeResults;
    expect(results.interrupted).toBe(true);
    expect(results.models.map((m) => m.model)).toEqual(["ollama-conforming", "hang"]);
    expect(results.models[1]?.checks[0]?.fault).toBe("cancelled");
  });
});

describe("routec probe progress", () => {
  it("writes progress to stderr on a terminal only", async () => {
    const tty = { ...memoryIO(), isTTY: true };
    const io = memoryIO();
    const args = ["probe", "--endpoint", scripted.url, "--model", "ollama-conforming", "--iterations", "1", "--timeout", "1000"];
    await run(args, tty, "0.0.0");
    await run(args, io, "0.0.0");
    expect(tty.err()).toContain("[1/1] ollama-conforming on http://127.0.0.1:");
    expect(tty.err()).toContain("ollama-conforming: latency 1/1");
    expect(io.err()).toBe("");
  });
});
