import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/server/env";
import { setupFromEnvironment } from "./first-start-setup";

const complete = { SETUP_ORGANIZATION: "Initech", SETUP_OWNER_NAME: "Olive Owner", SETUP_OWNER_EMAIL: "olive@initech.test" };
const problemsOf = (source: Record<string, string>, files: Record<string, string> = {}) => {
  try {
    setupFromEnvironment(parseEnv(source), (file) => {
      if (files[file] === undefined) throw Object.assign(new Error("missing"), { code: "ENOENT" });
      return files[file];
    });
    return [];
  } catch (error) {
    if (!(error instanceof EnvError)) throw error;
    return error.problems;
  }
};

describe("first-start set-up from SETUP_* variables", () => {
  it("asks for nothing when none is set", () => {
    expect(setupFromEnvironment(parseEnv({}))).toBeNull();
  });

  it("reads the password's first line from SETUP_OWNER_PASSWORD_FILE", () => {
    const input = setupFromEnvironment(parseEnv({ ...complete, SETUP_OWNER_PASSWORD_FILE: "/run/secrets/owner" }), () => "correct horse battery staple\n");
    expect(input).toEqual({ organizationName: "Initech", name: "Olive Owner", email: "olive@initech.test", password: "correct horse battery staple" });
  });

  it("names every missing or wrong variable, and never shows the password", () => {
    expect(problemsOf({ SETUP_ORGANIZATION: "Initech" })).toEqual([
      "SETUP_OWNER_NAME: required with SETUP_ORGANIZATION (first-start set-up)",
      "SETUP_OWNER_EMAIL: required with SETUP_ORGANIZATION (first-start set-up)",
      expect.stringContaining("SETUP_OWNER_PASSWORD_FILE: required"),
    ]);
    expect(problemsOf({ ...complete, SETUP_OWNER_PASSWORD_FILE: "/nowhere" })).toEqual(["SETUP_OWNER_PASSWORD_FILE: cannot read /nowhere (ENOENT)"]);
    const short = problemsOf({ ...complete, SETUP_OWNER_PASSWORD: "hunter2" });
    expect(short).toEqual(["SETUP_OWNER_PASSWORD: Use at least 12 characters for the password."]);
    expect(short.join()).not.toContain("hunter2");
    expect(problemsOf({ ...complete, SETUP_OWNER_PASSWORD: "correct horse battery", SETUP_OWNER_PASSWORD_FILE: "/x" })).toEqual([
      "SETUP_OWNER_PASSWORD: give either SETUP_OWNER_PASSWORD or SETUP_OWNER_PASSWORD_FILE, not both",
    ]);
  });
});
