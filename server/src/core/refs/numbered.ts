// stub
import type { ParsedReference } from "./types";
export function parseNumbered(ref: ParsedReference): void { void ref; }
