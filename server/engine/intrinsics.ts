import { createHash, randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";

import { ErrorNames, StatesError } from "@/server/engine/errors";
import { parseIntrinsic, type IntrinsicArgument, type IntrinsicCall, IntrinsicSyntaxError } from "@/server/engine/intrinsic-parser";
import { getOwn, setOwn } from "@/server/engine/own-property";
import { queryPath, type ContextObject } from "@/server/engine/paths";

export { parseIntrinsic, IntrinsicSyntaxError };

/** Sources of randomness, injectable so tests (and replays) are deterministic. */
export interface IntrinsicDeps {
  random: () => number;
  uuid?: () => string;
}

const HASH_ALGORITHMS: Record<string, string> = { MD5: "md5", "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
// AWS's documented limits; kept so a flow that works here also works when exported to AWS, and the reverse.
const MAX_STRING_LENGTH = 10_000;
const MAX_RANGE_ITEMS = 1_000;

function fail(call: IntrinsicCall, message: string): never {
  throw new StatesError(ErrorNames.IntrinsicFailure, `${call.name}: ${message}`);
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

function argument<T>(call: IntrinsicCall, values: unknown[], index: number, check: (value: unknown) => value is T, expected: string): T {
  const value = values[index];
  if (!check(value)) fail(call, `argument ${index + 1} must be ${expected}, got ${typeName(value)}`);
  return value;
}

const isString = (value: unknown): value is string => typeof value === "string";
const isArray = (value: unknown): value is unknown[] => Array.isArray(value);
const isNumber = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value);
const isInteger = (value: unknown): value is number => Number.isInteger(value);
const isBoolean = (value: unknown): value is boolean => typeof value === "boolean";
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

/** `{}` placeholders, with `\{` `\}` `\'` `\\` escapes taken from the raw literal. */

/** "1 value", "2 values": the engine imports nothing of the app's, so its messages count with Intl.PluralRules here. */
const englishPlural = new Intl.PluralRules("en");
const counted = (count: number, noun: string) => `${count} ${noun}${englishPlural.select(count) === "one" ? "" : "s"}`;

function format(call: IntrinsicCall, template: IntrinsicArgument, templateValue: unknown, values: unknown[]): string {
  if (typeof templateValue !== "string") fail(call, `the template (argument 1) must be a string, got ${typeName(templateValue)}`);
  // A template read from a path has no escapes to honour; only a literal keeps its raw text.
  const raw = template.kind === "string" ? template.raw : templateValue.replace(/[\\]/g, "\\\\");
  let output = "";
  let next = 0;
  for (let index = 0; index < raw.length; index++) {
    if (raw[index] === "\\") {
      output += raw[++index];
    } else if (raw[index] === "{" && raw[index + 1] === "}") {
      if (next >= values.length) fail(call, `the template has more {} placeholders than the ${counted(values.length, "value")} given`);
      const value = values[next++];
      if (typeof value === "object" && value !== null) fail(call, `argument ${next + 1} must be a string, number, boolean or null, got ${typeName(value)}`);
      output += String(value);
      index++;
    } else {
      output += raw[index];
    }
  }
  if (next !== values.length)
    fail(call, `the template has ${counted(next, "{} placeholder")} but ${counted(values.length, "value")} ${values.length === 1 ? "was" : "were"} given`);
  return output;
}

function deepMerge(left: Record<string, unknown>, right: Record<string, unknown>): Record<string, unknown> {
  // Spreading defines own properties (a `__proto__` key stays a key); the loop must too.
  const merged: Record<string, unknown> = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const current = getOwn(merged, key);
    setOwn(merged, key, isObject(current) && isObject(value) ? deepMerge(current as Record<string, unknown>, value) : value);
  }
  return merged;
}

/** Small seeded generator (mulberry32) so States.MathRandom with a seed repeats its answer. */
function seededRandom(seed: number): number {
  let t = (seed + 0x6d2b79f5) | 0;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

function apply(call: IntrinsicCall, values: unknown[], deps: IntrinsicDeps): unknown {
  const str = (index: number) => argument(call, values, index, isString, "a string");
  const arr = (index: number) => argument(call, values, index, isArray, "an array");
  const int = (index: number) => argument(call, values, index, isInteger, "an integer");
  const limitLength = (value: string) => (value.length > MAX_STRING_LENGTH ? fail(call, `the input is longer than ${MAX_STRING_LENGTH} characters`) : value);

  switch (call.name) {
    case "States.Format":
      return format(call, call.args[0], values[0], values.slice(1));
    case "States.StringToJson": {
      try {
        return JSON.parse(str(0));
      } catch (error) {
        return fail(call, `the string is not valid JSON (${(error as Error).message})`);
      }
    }
    case "States.JsonToString":
      return JSON.stringify(values[0]);
    case "States.Array":
      return values;
    case "States.ArrayPartition": {
      const items = arr(0);
      const size = int(1);
      if (size <= 0) fail(call, "the chunk size must be greater than 0");
      const chunks: unknown[][] = [];
      for (let index = 0; index < items.length; index += size) chunks.push(items.slice(index, index + size));
      return chunks;
    }
    case "States.ArrayContains":
      return arr(0).some((item) => isDeepStrictEqual(item, values[1]));
    case "States.ArrayRange": {
      const [start, end, step] = [int(0), int(1), int(2)];
      if (step === 0) fail(call, "the step must not be 0");
      const range: number[] = [];
      for (let value = start; step > 0 ? value <= end : value >= end; value += step) {
        if (range.length >= MAX_RANGE_ITEMS) fail(call, `the range would hold more than ${MAX_RANGE_ITEMS} items`);
        range.push(value);
      }
      return range;
    }
    case "States.ArrayGetItem": {
      const items = arr(0);
      const index = int(1);
      if (index < 0 || index >= items.length) fail(call, `index ${index} is outside the array (length ${items.length})`);
      return items[index];
    }
    case "States.ArrayLength":
      return arr(0).length;
    case "States.ArrayUnique":
      return arr(0).filter((item, index, items) => items.findIndex((other) => isDeepStrictEqual(other, item)) === index);
    case "States.Base64Encode":
      return Buffer.from(limitLength(str(0)), "utf8").toString("base64");
    case "States.Base64Decode": {
      const encoded = limitLength(str(0));
      if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 === 1) fail(call, "the string is not valid base64");
      return Buffer.from(encoded, "base64").toString("utf8");
    }
    case "States.Hash": {
      const name = str(1);
      // Own keys only: "constructor" or "__proto__" must not reach createHash as an algorithm.
      const algorithm = Object.hasOwn(HASH_ALGORITHMS, name) ? HASH_ALGORITHMS[name] : undefined;
      if (!algorithm) fail(call, `unknown algorithm "${String(values[1])}" (use ${Object.keys(HASH_ALGORITHMS).join(", ")})`);
      return createHash(algorithm)
        .update(limitLength(str(0)), "utf8")
        .digest("hex");
    }
    case "States.JsonMerge": {
      const left = argument(call, values, 0, isObject, "an object");
      const right = argument(call, values, 1, isObject, "an object");
      const deep = argument(call, values, 2, isBoolean, "a boolean (deep merge)");
      return deep ? deepMerge(left, right) : { ...left, ...right };
    }
    case "States.MathRandom": {
      const [start, end] = [int(0), int(1)];
      if (end <= start) fail(call, "the end must be greater than the start");
      const fraction = values.length > 2 ? seededRandom(int(2)) : deps.random();
      return start + Math.floor(fraction * (end - start));
    }
    case "States.MathAdd":
      return argument(call, values, 0, isNumber, "a number") + argument(call, values, 1, isNumber, "a number");
    case "States.StringSplit": {
      const delimiters = [...str(1)];
      const text = str(0);
      if (delimiters.length === 0) return [text];
      const pattern = new RegExp(`[${delimiters.map((char) => char.replace(/[\\\]^-]/g, "\\$&")).join("")}]`);
      return text.split(pattern).filter((part) => part !== "");
    }
    case "States.UUID":
      return (deps.uuid ?? randomUUID)();
    default:
      return fail(call, "unknown intrinsic function");
  }
}

function evaluateCall(call: IntrinsicCall, input: unknown, context: ContextObject, deps: IntrinsicDeps): unknown {
  const values = call.args.map((arg) => evaluateArgument(arg, input, context, deps));
  return apply(call, values, deps);
}

function evaluateArgument(arg: IntrinsicArgument, input: unknown, context: ContextObject, deps: IntrinsicDeps): unknown {
  switch (arg.kind) {
    case "string":
    case "number":
    case "boolean":
      return arg.value;
    case "null":
      return null;
    case "path":
      return queryPath(arg.path, input, context, "an intrinsic function argument");
    case "call":
      return evaluateCall(arg, input, context, deps);
  }
}

// Definitions are immutable and evaluated many times (once per Map item), so parse each expression once.
const parsed = new Map<string, IntrinsicCall>();

/** Evaluates an intrinsic expression; any problem is a States.IntrinsicFailure saying what was wrong. */
export function evaluateIntrinsic(expr: string, input: unknown, context: ContextObject, deps: IntrinsicDeps): unknown {
  let call = parsed.get(expr);
  if (!call) {
    try {
      call = parseIntrinsic(expr);
    } catch (error) {
      throw new StatesError(ErrorNames.IntrinsicFailure, `invalid intrinsic "${expr}": ${(error as Error).message}`);
    }
    if (parsed.size > 5_000) parsed.clear();
    parsed.set(expr, call);
  }
  return evaluateCall(call, input, context, deps);
}
