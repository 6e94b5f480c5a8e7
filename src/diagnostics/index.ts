export * from "./diagnostic.js";
export * from "./registry.js";
