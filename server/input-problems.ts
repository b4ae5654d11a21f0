/**
 * Input validation problems as people read them: one sentence per field ("Email: enter a valid
 * email address."), never zod's issue list, its regular expressions or its type names. Used by the
 * tRPC error formatter and the REST error answer, so every client shows the same sentences.
 */
import type { z } from "zod";

export interface InputProblem {
  /** Dotted path of the field at fault ("" for the input as a whole). */
  path: string;
  /** A sentence about that field, without its name. */
  message: string;
}

type Issue = z.core.$ZodIssue;

/**
 * zod's built-in English messages ("Invalid input: expected string, received undefined", "Too
 * small: …", "Invalid string: must match pattern /…/"). Messages a schema sets itself are
 * sentences written for people and are kept as they are.
 */
const BUILT_IN_MESSAGE = /^(Invalid (input|option|string|key|element|union|email address|URL|UUID|GUID|ISO)|Too (big|small):|Unrecognized key)/;

const FORMATS: Record<string, string> = {
  email: "an email address, like name@example.com",
  url: "a URL, like https://example.com",
  uuid: "an id (a UUID)",
  guid: "an id (a UUID)",
  datetime: "a date and time (ISO 8601, like 2026-01-31T09:00:00Z)",
  date: "a date (ISO 8601, like 2026-01-31)",
  time: "a time (like 09:00)",
};

function plural(count: number | bigint, one: string, many: string): string {
  return `${count} ${Number(count) === 1 ? one : many}`;
}

const SIZE_UNITS: Record<string, [string, string]> = {
  string: ["character", "characters"],
  array: ["item", "items"],
  set: ["item", "items"],
  map: ["entry", "entries"],
};

function sizeSentence(issue: Extract<Issue, { code: "too_small" | "too_big" }>): string {
  const small = issue.code === "too_small";
  const limit = small ? issue.minimum : issue.maximum;
  const units = SIZE_UNITS[issue.origin];
  if (small && units && Number(limit) === 1 && issue.origin === "string") return "cannot be empty.";
  if (small && units && Number(limit) === 1) return `needs at least one ${units[0]}.`;
  const bound = issue.exact ? "exactly" : small ? "at least" : "at most";
  if (units) return `must have ${bound} ${plural(limit, units[0], units[1])}.`;
  if (issue.origin === "date") return `must be ${small ? "on or after" : "on or before"} ${new Date(Number(limit)).toISOString()}.`;
  const strict = issue.inclusive === false ? (small ? "more than" : "less than") : bound;
  return `must be ${strict} ${limit}.`;
}

/** A sentence for a problem zod described in its own words. */
function sentenceFor(issue: Issue): string {
  switch (issue.code) {
    case "invalid_type":
      // zod reports a missing field as the wrong type (expected string, received undefined).
      return issue.message.endsWith("received undefined") ? "is required." : `must be ${article(issue.expected)}.`;
    case "too_small":
    case "too_big":
      return sizeSentence(issue);
    case "invalid_format":
      if (issue.format === "regex") return "contains characters that are not allowed here.";
      if (issue.format === "starts_with" || issue.format === "ends_with" || issue.format === "includes") return "is not in the expected form.";
      return `must be ${FORMATS[issue.format] ?? `a valid ${issue.format}`}.`;
    case "invalid_value":
      return issue.values.length === 1
        ? `must be ${JSON.stringify(issue.values[0])}.`
        : `must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}.`;
    case "unrecognized_keys":
      return `has ${issue.keys.length === 1 ? "a field" : "fields"} it does not know: ${issue.keys.join(", ")}.`;
    case "not_multiple_of":
      return `must be a multiple of ${issue.divisor}.`;
    case "invalid_union":
      return "is not valid here.";
    default:
      return "is not valid.";
  }
}

function article(type: string): string {
  const name = type === "int" ? "whole number" : type;
  return /^[aeiou]/.test(name) ? `an ${name}` : `a ${name}`;
}

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?)]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

export function inputProblems(issues: readonly Issue[]): InputProblem[] {
  return issues.map((issue) => ({
    path: issue.path.map(String).join("."),
    message: BUILT_IN_MESSAGE.test(issue.message) ? sentenceFor(issue) : sentence(issue.message),
  }));
}

const ACRONYMS = new Set(["url", "api", "json", "jwt", "oauth", "sql"]);

function words(segment: string): string {
  return segment
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(" ")
    .map((word) => (ACRONYMS.has(word) ? word.toUpperCase() : word))
    .join(" ");
}

/** "External id" for `externalId`, "Authorize URL" for `authorizeUrl`, "Config › repo" for `config.repo`. */
export function fieldLabel(path: string): string {
  if (!path) return "";
  return path
    .split(".")
    .map((segment) => (/^\d+$/.test(segment) ? `#${Number(segment) + 1}` : words(segment)))
    .join(" › ")
    .replace(/^./, (first) => first.toUpperCase());
}

/** One problem as a sentence that names its field: "Email: must be an email address, like name@example.com." */
export function describeProblem(problem: InputProblem): string {
  if (!problem.path) return capitalize(problem.message);
  // A schema's own sentence may already be written to stand alone ("Enter a valid email address.").
  return /^[A-Z]/.test(problem.message) ? `${fieldLabel(problem.path)}: ${problem.message}` : `${fieldLabel(problem.path)} ${problem.message}`;
}

function capitalize(text: string): string {
  return text.replace(/^./, (first) => first.toUpperCase());
}

/** Every problem, one sentence each, as a single message. */
export function describeProblems(problems: readonly InputProblem[]): string {
  return problems.map(describeProblem).join(" ");
}
