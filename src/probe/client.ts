/**
 * A minimal OpenAI-compatible chat-completions client for probes. It never throws: every outcome, including
 * timeouts, refused connections and streams cut mid-way, is data the conformance checks classify.
 */
import { createSseParser } from "./sse.js";

/** Why a request produced no complete HTTP exchange. */
export type TransportFault = "timeout" | "connection-error" | "truncated-stream" | "cancelled";

export interface ClientOptions {
  /** Per-attempt limit for the whole exchange, headers and body. */
  readonly timeoutMs: number;
  /** Extra attempts after a connection error or a 5xx answer. */
  readonly retries: number;
  /** Wait before the first retry; doubled for each further one. */
  readonly backoffMs: number;
  readonly signal?: AbortSignal;
  /** Sent as `Authorization: Bearer …`; never logged. */
  readonly apiKey?: string;
}

interface Timing {
  readonly attempts: number;
  /** From sending the request to the end of the body (of the last attempt). */
  readonly duration_ms: number;
  /** From sending the request to the response headers, null without a response. */
  readonly ttfb_ms: number | null;
}

/** The result of one chat-completions call, after retries. */
export type Transport =
  | (Timing & { readonly kind: "response"; readonly status: number; readonly body: string })
  | (Timing & {
      readonly kind: "stream";
      readonly status: number;
      /** The data of every event but `[DONE]`, in order. */
      readonly events: readonly string[];
      /** Whether `data: [DONE]` arrived. */
      readonly done: boolean;
      /** Whether the body ended inside an event or a line. */
      readonly incomplete: boolean;
      /** From sending the request to the first event, null when none arrived. */
      readonly first_event_ms: number | null;
    })
  | (Timing & { readonly kind: "failure"; readonly fault: TransportFault; readonly message: string; readonly events: readonly string[] });

/** `http://host:11434` → `http://host:11434/v1/chat/completions`; an endpoint ending in `/v1` keeps it. */
export function chatCompletionsUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, "");
  return /\/v1$/.test(base) ? `${base}/chat/completions` : `${base}/v1/chat/completions`;
}

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return typeof code === "string" ? `${code}: ${cause.message}` : cause.message;
  }
  return error.message;
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve(true);
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

type Attempt = Transport extends infer T ? (T extends Transport ? Omit<T, "attempts"> : never) : never;

async function attempt(url: string, body: Readonly<Record<string, unknown>>, options: ClientOptions): Promise<Attempt> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  const started = performance.now();
  const elapsed = (): number => Math.round((performance.now() - started) * 10) / 10;
  const events: string[] = [];
  let ttfb: number | null = null;
  const failure = (error: unknown, otherwise: TransportFault): Attempt => {
    const fault: TransportFault = timedOut ? "timeout" : options.signal?.aborted ? "cancelled" : otherwise;
    const message =
      fault === "timeout"
        ? `no complete answer within ${options.timeoutMs} ms`
        : fault === "cancelled"
          ? "cancelled"
          : fault === "truncated-stream"
            ? `the connection closed mid-response (${describeError(error)})`
            : describeError(error);
    return { kind: "failure", fault, message, events, duration_ms: elapsed(), ttfb_ms: ttfb };
  };
  try {
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json, text/event-stream" };
    if (options.apiKey !== undefined) headers["authorization"] = `Bearer ${options.apiKey}`;
    let response: Response;
    try {
      response = await fetch(url, { method: "POST", headers, body: JSON.stringify(body), signal: controller.signal });
    } catch (error) {
      return failure(error, "connection-error");
    }
    ttfb = elapsed();
    const isStream = body["stream"] === true && response.ok && (response.headers.get("content-type") ?? "").includes("text/event-stream");
    if (!isStream || response.body === null) {
      try {
        const text = await response.text();
        return { kind: "response", status: response.status, body: text, duration_ms: elapsed(), ttfb_ms: ttfb };
      } catch (error) {
        return failure(error, "truncated-stream");
      }
    }
    const parser = createSseParser();
    const decoder = new TextDecoder();
    const reader = response.body.getReader();
    let done = false;
    let firstEvent: number | null = null;
    try {
      for (;;) {
        const chunk = await reader.read();
        if (chunk.done) break;
        for (const data of parser.push(decoder.decode(chunk.value, { stream: true }))) {
          firstEvent ??= elapsed();
          if (data.trim() === "[DONE]") done = true;
          else events.push(data);
        }
      }
    } catch (error) {
      return failure(error, "truncated-stream");
    }
    const { incomplete } = parser.end();
    return { kind: "stream", status: response.status, events, done, incomplete, first_event_ms: firstEvent, duration_ms: elapsed(), ttfb_ms: ttfb };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

/**
 * POSTs `body` to the endpoint's `/v1/chat/completions`. Connection errors and 5xx answers are retried with
 * exponential backoff; timeouts are not (a probe that times out has its answer). Never rejects.
 */
export async function postChatCompletion(endpoint: string, body: Readonly<Record<string, unknown>>, options: ClientOptions): Promise<Transport> {
  const url = chatCompletionsUrl(endpoint);
  for (let attempts = 1; ; attempts++) {
    const result = await attempt(url, body, options);
    const retryable = (result.kind === "failure" && result.fault === "connection-error") || (result.kind === "response" && result.status >= 500);
    if (!retryable || attempts > options.retries) return { ...result, attempts };
    if (!(await sleep(options.backoffMs * 2 ** (attempts - 1), options.signal))) {
      return { kind: "failure", fault: "cancelled", message: "cancelled", events: [], duration_ms: 0, ttfb_ms: null, attempts };
    }
  }
}
