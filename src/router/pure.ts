// The router tooling that needs no Node APIs, for the public index (backups use the file system and stay CLI-side).
export * from "./config.js";
export * from "./diff.js";
export * from "./harden.js";
export * from "./json.js";
