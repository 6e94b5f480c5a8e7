/**
 * The one place probe output passes through before it is printed or written: URL credentials are dropped whole
 * (an endpoint's `user@` is nobody's business in a report), then the project sanitizer redacts every other secret.
 */
import { sanitize } from "../sanitize/index.js";

/** Removes `user:password@` from every http(s) URL in `text`. */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b(https?:\/\/)[^\s/@]+@/gi, "$1");
}

/** Makes text safe to print or write: no credentials, tokens or secrets. */
export function redact(text: string): string {
  return sanitize(stripUrlCredentials(text));
}
