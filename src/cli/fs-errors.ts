/**
 * How the finished commands echo a path the user gave and explain why the file system refused it: in words, on
 * one line, short enough to read (a path can be 64 KB or carry a NUL or a terminal escape).
 */

/** `arg` for a message: control characters as `\u{…}` escapes, and the middle of a very long path elided. */
export function shownArg(arg: string): string {
  const escaped = arg.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u{${c.charCodeAt(0).toString(16)}}`);
  return escaped.length <= 160 ? escaped : `${escaped.slice(0, 80)}…${escaped.slice(-79)}`;
}

const words: Readonly<Record<string, string>> = {
  ENOENT: "no such file or directory",
  ENOTDIR: "no such file or directory",
  EISDIR: "is a directory",
  EACCES: "permission denied",
  EPERM: "permission denied",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  ENAMETOOLONG: "the path is too long",
  ELOOP: "too many levels of symbolic links",
  ERR_INVALID_ARG_VALUE: "the path contains a NUL byte",
  ERR_INVALID_ARG_TYPE: "the path contains a NUL byte",
};

/** The error code of a failed file-system call (`ENOENT`), or "" when it has none. */
export function errnoOf(error: unknown): string {
  return typeof error === "object" && error !== null && "code" in error ? String(error.code) : "";
}

/** A file-system error in words: `ENOENT` means nothing to most users. */
export function describeFsError(error: unknown): string {
  const code = errnoOf(error);
  return words[code] ?? (code === "" ? "cannot be read" : code);
}
