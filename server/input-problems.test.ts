import { describe, expect, it } from "vitest";
import { z } from "zod";
import { newMemberSchema } from "@/server/modules/members/members.service";
import { createOAuthAppSchema } from "@/server/modules/oauth-apps/oauth-apps.schema";
import { describeProblems, fieldLabel, inputProblems } from "./input-problems";

function problemsOf(schema: z.ZodType, input: unknown) {
  const result = schema.safeParse(input);
  if (result.success) throw new Error("expected the input to be refused");
  return inputProblems(result.error.issues);
}

describe("inputProblems", () => {
  it("turns zod's own messages into a sentence per field, without patterns or type names", () => {
    const schema = z.object({
      externalId: z.string().regex(/^[a-z]+$/),
      email: z.email(),
      name: z.string().min(1),
      password: z.string().min(12),
      count: z.number().int().max(5),
      role: z.enum(["owner", "admin"]),
      id: z.uuid(),
    });
    const problems = problemsOf(schema, { externalId: "A B", email: "a@b", name: "", password: "short", count: 9, role: "boss", id: "garbage" });
    expect(problems).toEqual([
      { path: "externalId", message: "contains characters that are not allowed here." },
      { path: "email", message: "must be an email address, like name@example.com." },
      { path: "name", message: "cannot be empty." },
      { path: "password", message: "must have at least 12 characters." },
      { path: "count", message: "must be at most 5." },
      { path: "role", message: 'must be one of "owner", "admin".' },
      { path: "id", message: "must be an id (a UUID)." },
    ]);
    const text = describeProblems(problems);
    expect(text).toContain("External id contains characters that are not allowed here.");
    expect(text).not.toMatch(/\^\[|regex|pattern|expected string/i);
  });

  it("says a missing field is required", () => {
    expect(problemsOf(z.object({ name: z.string() }), {})).toEqual([{ path: "name", message: "is required." }]);
  });

  it("keeps the sentences a schema writes itself", () => {
    const problems = problemsOf(newMemberSchema, { email: "a@b", name: "Ann", role: "support", password: "x" });
    expect(describeProblems(problems)).toBe("Email: Enter a valid email address. Password: Use at least 12 characters for the initial password.");
    expect(problemsOf(createOAuthAppSchema, { provider: "Git Hub", clientId: "x" })[0]).toMatchObject({ path: "provider" });
  });

  it("labels nested and listed fields", () => {
    expect(fieldLabel("config.repo")).toBe("Config › repo");
    expect(fieldLabel("scopes.1")).toBe("Scopes › #2");
    expect(fieldLabel("clientId")).toBe("Client id");
    expect(fieldLabel("authorizeUrl")).toBe("Authorize URL");
  });
});
