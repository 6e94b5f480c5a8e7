export { verifyPolicy, representatives } from "./verify.js";
export type { Counterexample, Verification, VerifyOptions } from "./verify.js";
export { comparable, disagreement, randomInputs } from "./translation.js";
export { buildSpace } from "./space.js";
export type { Space } from "./space.js";
