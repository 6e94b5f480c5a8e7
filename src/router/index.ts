export * from "./backup.js";
export * from "./config.js";
export * from "./diff.js";
export * from "./harden.js";
export * from "./json.js";
