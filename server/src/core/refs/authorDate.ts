// stub
import type { ParsedReference } from "./types";
export function parseAuthorDate(ref: ParsedReference): void { void ref; }
