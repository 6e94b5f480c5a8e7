import type { CodeInfo } from "./code.js";

/** Diagnostic codes owned by the probe stage (tool-call conformance, latency, VRAM telemetry, probe results). */
export const probeCodes: readonly CodeInfo[] = [
  {
    code: "R0601",
    slug: "no-tool-call",
    severity: "error",
    summary: "the model answered a tool-call probe without calling the tool",
    explanation:
      "The probe asks the model to call its `get_weather` tool. The response had no `tool_calls` and no tool call\n" +
      "hidden in its text either: the model ignored the tool.\n\n" +
      "Fix: declare the model `tools no` in the policy, or use a model (or chat template) that supports tool calls.",
  },
  {
    code: "R0602",
    slug: "invalid-tool-arguments",
    severity: "error",
    summary: "a tool call's arguments are not valid JSON",
    explanation:
      "OpenAI-compatible endpoints send `function.arguments` as a JSON string. The string the model produced does\n" +
      "not parse as JSON (and is not merely cut short: that is `partial-tool-call`).\n\n" +
      "Example: `\"arguments\": \"{city: Tokyo}\"`.\n\n" +
      "Fix: the model cannot produce reliable tool calls; declare it `tools no`.",
  },
  {
    code: "R0603",
    slug: "tool-arguments-schema-mismatch",
    severity: "error",
    summary: "a tool call's arguments do not validate against the tool's JSON Schema, or it names an unknown tool",
    explanation:
      "The arguments parsed as JSON but do not match the tool's `parameters` schema (a required property is\n" +
      "missing, a type is wrong), or the model called a tool it was not offered.\n\n" +
      "Example: `{\"town\": \"Tokyo\"}` for a tool whose schema requires `city`.\n\n" +
      "Fix: declare the model `tools no`; routec's router escalates `schema_mismatch` tasks to a remote model.",
  },
  {
    code: "R0604",
    slug: "tool-call-in-content",
    severity: "error",
    summary: "the model wrote its tool call as text content instead of a structured tool call",
    explanation:
      "`tool_calls` was empty but the text `content` holds what looks like a tool call: a JSON object with a\n" +
      "`name` and `arguments` (or `parameters`), a `<tool_call>` tag, `[TOOL_CALLS]` or `<|python_tag|>`. The\n" +
      "runtime's tool parser did not recognize the model's output (vLLM issue #11786 is one example), so an agent\n" +
      "would receive text, not a call.\n\n" +
      "Fix: start vLLM with the tool parser matching the model (`--tool-call-parser`), use a chat template with\n" +
      "tool support, or declare the model `tools no`.",
  },
  {
    code: "R0605",
    slug: "unexpected-finish-reason",
    severity: "warning",
    summary: "a valid tool call ended with a finish reason other than `tool_calls`",
    explanation:
      "OpenAI-compatible servers should end a response that calls a tool with `finish_reason: \"tool_calls\"`. vLLM\n" +
      "sometimes reports `stop` although it made a valid tool call. Agents that look only at the finish reason\n" +
      "miss such calls, so the probe reports a warning; the call itself is valid, so it is not a failure.\n\n" +
      "Fix: usually none needed; check that your agent reads `tool_calls` regardless of the finish reason.",
  },
  {
    code: "R0606",
    slug: "no-tool-support",
    severity: "error",
    summary: "the runtime rejected the request because the model does not support tools",
    explanation:
      "Ollama answers HTTP 400 `<model> does not support tools` when the model's template has no tool support.\n\n" +
      "Fix: declare the model `tools no`, or pull a variant with tool support.",
  },
  {
    code: "R0607",
    slug: "probe-timeout",
    severity: "error",
    summary: "the endpoint did not answer within the probe timeout",
    explanation:
      "The request was aborted after `--timeout` milliseconds. A cold model load can take long; rerun with a\n" +
      "larger `--timeout` if the first request of a run timed out.\n\n" +
      "Fix: check that the runtime is up and not overloaded, or raise `--timeout`.",
  },
  {
    code: "R0608",
    slug: "probe-http-error",
    severity: "error",
    summary: "the endpoint answered with an HTTP error status",
    explanation:
      "The endpoint answered 4xx or 5xx (after retries for 5xx). The message carries the status and the error\n" +
      "message of the body, if any.\n\n" +
      "Fix: check the model name (a 404 usually means the model is not pulled) and the runtime's logs.",
  },
  {
    code: "R0609",
    slug: "probe-invalid-json",
    severity: "error",
    summary: "the response body or a stream event is not valid JSON",
    explanation:
      "A non-streaming body, or the payload of a `data:` line of a stream, did not parse as JSON.\n\n" +
      "Fix: check for a proxy in front of the runtime that rewrites responses; otherwise report it to the runtime.",
  },
  {
    code: "R0610",
    slug: "probe-truncated-stream",
    severity: "error",
    summary: "the response ended before it was complete",
    explanation:
      "The connection closed mid-body, or a stream ended without a finish reason and without `data: [DONE]`.\n\n" +
      "Fix: look for a crash or restart of the runtime (out of memory is common) or an idle timeout of a proxy.",
  },
  {
    code: "R0611",
    slug: "partial-tool-call",
    severity: "error",
    summary: "a tool call is incomplete: its name is missing or its arguments are cut short",
    explanation:
      "The tool call has no function name, or its arguments are the beginning of a JSON value that never ends\n" +
      "(`{\"city\": \"To`). Streams that lose fragments and generation limits (`max_tokens`) cause this.\n\n" +
      "Fix: raise the output token limit; if it persists, declare the model `tools no`.",
  },
  {
    code: "R0612",
    slug: "probe-connection-error",
    severity: "error",
    summary: "the endpoint could not be reached",
    explanation:
      "The connection was refused or reset before any response, after the configured retries.\n\n" +
      "Fix: start the runtime, or correct the runtime's `endpoint` in the policy or `--endpoint`.",
  },
  {
    code: "R0620",
    slug: "vram-telemetry-unknown",
    severity: "warning",
    summary: "gpu memory telemetry is unavailable",
    explanation:
      "`nvidia-smi` (or `rocm-smi`) is not on `PATH`, failed (driver not loaded), timed out, or printed\n" +
      "nothing usable. Telemetry is then unknown (`vram: null`), and a policy applies its `unknown as` level.\n\n" +
      "Fix: install the GPU driver tools, or accept the policy's `unknown as` level.",
  },
  {
    code: "R0630",
    slug: "probe-contradicts-tools-yes",
    severity: "error",
    summary: "a model declared `tools yes` failed its tool-call probes",
    explanation:
      "The policy routes tool-using classes to this model, but the probe results show it cannot make reliable\n" +
      "tool calls.\n\n" +
      "Example: `model \"phi3:latest\" on ollama { tools yes ... }` with a probe result `FAIL no-tool-support`.\n\n" +
      "Fix: declare the model `tools no`, or fix the runtime setup and probe again.",
  },
  {
    code: "R0631",
    slug: "probe-contradicts-tools-no",
    severity: "warning",
    summary: "a model declared `tools no` passed its tool-call probes",
    explanation:
      "The probe results show this model makes valid tool calls, but the policy never uses it for classes that\n" +
      "need tools. It may be a candidate for `tools yes`.\n\n" +
      "Fix: declare `tools yes` if it also passes repeated probe runs, or ignore the warning.",
  },
  {
    code: "R0632",
    slug: "probe-vram-footprint-exceeded",
    severity: "warning",
    summary: "a model's measured VRAM footprint is far above its declared `vram`",
    explanation:
      "During the probe the free GPU memory dropped by much more than the model's declared footprint (more\n" +
      "than 1.5 times and by at least 1 GiB). The router would then pick the model where it does not fit.\n\n" +
      "Fix: raise the model's `vram` to the measured footprint (it includes the KV cache for the context).",
  },
  {
    code: "R0640",
    slug: "probe-results-invalid",
    severity: "error",
    summary: "a probe results file is not valid `routec.probe/1` JSON",
    explanation:
      "`routec probe diff` and `routec check --probes` read results written by `routec probe -o`. The file did\n" +
      "not parse as JSON or did not match the schema `schema/probe.schema.json`.\n\n" +
      "Fix: regenerate the file with `routec probe -o results.json`.",
  },
  {
    code: "R0641",
    slug: "probe-no-targets",
    severity: "error",
    summary: "there is nothing to probe",
    explanation:
      "Neither a policy with local models on enabled runtimes nor `--endpoint` with `--model` was given, or\n" +
      "a policy's runtime has no endpoint.\n\n" +
      "Fix: pass a policy (`routec probe policies/default.route`), `--include-disabled`, or\n" +
      "`--endpoint http://127.0.0.1:11434 --model llama3.1:latest`.",
  },
  {
    code: "R0650",
    slug: "probe-regression",
    severity: "error",
    summary: "a model's probe status got worse between two runs",
    explanation:
      "`routec probe diff a.json b.json` found a model that passed (or warned) in `a.json` and fails (or warns)\n" +
      "in `b.json`, or whose warm p95 latency grew beyond `--latency-threshold`.\n\n" +
      "Fix: look at the failing check's code in `b.json`; a runtime upgrade is the usual cause.",
  },
];
