/**
 * A fault-injecting reverse proxy on 127.0.0.1 for `routec probe --inject`. It forwards each request to the real
 * endpoint and damages the answer in one known way, so a run shows whether the probe classifies that fault.
 */
import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Socket } from "node:net";
import { createSseParser } from "./sse.js";
import type { Injection } from "./schema.js";

export interface FaultProxy {
  /** The proxy's base URL, with the upstream endpoint's path, to use in place of the endpoint. */
  readonly url: string;
  readonly close: () => Promise<void>;
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Breaks JSON syntax for certain: the first double quote becomes a single quote. */
function corruptJson(text: string): string {
  return text.replace('"', "'");
}

function sseEvents(text: string): string[] {
  const parser = createSseParser();
  const events = parser.push(text);
  parser.end();
  return events;
}

function toSse(events: readonly string[]): string {
  return events.map((e) => `data: ${e}\n\n`).join("");
}

function cutArguments(args: string): string {
  return args.slice(0, Math.max(1, Math.floor(args.length / 2)));
}

/** Halves every tool call's arguments, in a body or across the fragments of a stream. */
function partialToolCall(text: string, stream: boolean): string {
  if (!stream) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return text;
    }
    const choices = isRecord(body) && Array.isArray(body["choices"]) ? body["choices"] : [];
    for (const choice of choices) {
      const calls = isRecord(choice) && isRecord(choice["message"]) && Array.isArray(choice["message"]["tool_calls"]) ? choice["message"]["tool_calls"] : [];
      for (const call of calls) {
        if (isRecord(call) && isRecord(call["function"]) && typeof call["function"]["arguments"] === "string") {
          call["function"]["arguments"] = cutArguments(call["function"]["arguments"]);
        }
      }
    }
    return JSON.stringify(body);
  }
  const events = sseEvents(text);
  const parsed = events.map((e): unknown => {
    try {
      return JSON.parse(e);
    } catch {
      return e;
    }
  });
  const fragments = (event: unknown): Record<string, unknown>[] => {
    const choices = isRecord(event) && Array.isArray(event["choices"]) ? event["choices"] : [];
    return choices.flatMap((c) => {
      const delta = isRecord(c) && isRecord(c["delta"]) ? c["delta"] : null;
      const calls = delta && Array.isArray(delta["tool_calls"]) ? delta["tool_calls"] : [];
      return calls.filter(isRecord).map((call) => (isRecord(call["function"]) ? call["function"] : {}));
    });
  };
  let total = 0;
  for (const fn of parsed.flatMap(fragments)) if (typeof fn["arguments"] === "string") total += fn["arguments"].length;
  let budget = Math.max(1, Math.floor(total / 2));
  for (const fn of parsed.flatMap(fragments)) {
    if (typeof fn["arguments"] !== "string") continue;
    const keep = fn["arguments"].slice(0, budget);
    budget -= keep.length;
    fn["arguments"] = keep;
  }
  return toSse(parsed.map((p) => (typeof p === "string" ? p : JSON.stringify(p))));
}

/** Starts the proxy in front of `upstream` (an endpoint base URL). */
export function startFaultProxy(upstream: string, fault: Injection, upstreamTimeoutMs: number): Promise<FaultProxy> {
  const target = new URL(upstream);
  const sockets = new Set<Socket>();

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = await readBody(req);
    if (fault === "timeout") return; // Never answer: the client's own timeout must fire.
    if (fault === "http-500") {
      res.writeHead(500, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: "injected fault: internal server error", type: "server_error" } }));
      return;
    }
    const headers: Record<string, string> = { "content-type": "application/json" };
    const auth = req.headers["authorization"];
    if (typeof auth === "string") headers["authorization"] = auth;
    let upstreamResponse: Response;
    let text: string;
    try {
      upstreamResponse = await fetch(new URL(req.url ?? "/", target.origin), {
        method: req.method ?? "POST",
        headers,
        body: body.length > 0 ? body.toString("utf8") : null,
        signal: AbortSignal.timeout(upstreamTimeoutMs),
      });
      text = await upstreamResponse.text();
    } catch (error) {
      res.writeHead(502, { "content-type": "application/json" });
      res.end(JSON.stringify({ error: { message: `fault proxy: upstream failed: ${error instanceof Error ? error.message : String(error)}` } }));
      return;
    }
    const contentType = upstreamResponse.headers.get("content-type") ?? "application/json";
    const stream = contentType.includes("text/event-stream");
    switch (fault) {
      case "invalid-json": {
        const damaged = stream ? toSse(sseEvents(text).map((e, i) => (i === 0 ? corruptJson(e) : e))) : corruptJson(text);
        res.writeHead(upstreamResponse.status, { "content-type": contentType });
        res.end(damaged);
        return;
      }
      case "truncated-stream": {
        res.writeHead(upstreamResponse.status, { "content-type": contentType });
        // Half the bytes, then a reset: the client sees the connection die mid-body.
        res.write(text.slice(0, Math.floor(text.length / 2)), () => res.socket?.destroy());
        return;
      }
      case "partial-tool-call": {
        res.writeHead(upstreamResponse.status, { "content-type": contentType });
        res.end(partialToolCall(text, stream));
        return;
      }
    }
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      const path = target.pathname.replace(/\/+$/, "");
      resolve({
        url: `http://127.0.0.1:${port}${path}`,
        close: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}
