/**
 * The one place probe output passes through before it is printed or written. It strips credentials from URLs
 * itself and defers everything else to the project sanitizer (`src/sanitize`) once that exists: switching is the
 * single line in `redact`.
 */

/** Removes `user:password@` from every http(s) URL in `text`. */
export function stripUrlCredentials(text: string): string {
  return text.replace(/\b(https?:\/\/)[^\s/@]+@/gi, "$1");
}

/** Makes text safe to print or write: no credentials, tokens or secrets. */
export function redact(text: string): string {
  return stripUrlCredentials(text);
}
