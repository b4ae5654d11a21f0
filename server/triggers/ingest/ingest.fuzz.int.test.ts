/**
 * Property-based fuzzing of the webhook front door through the real route handler: malformed
 * bodies (random bytes, broken and hostile JSON, forms), random and half-right headers, odd
 * methods and tokens. Whatever arrives, the answer is a 2xx or a 4xx with the shared error body
 * naming the problem: never a 5xx, never a stack trace, never an echo of the secret.
 */
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createOrganizationWithMember, deployIntegration } from "@/server/testing/factories";
import { FUZZ_TIMEOUT_MS, fuzzRuns, looksLikeStackTrace } from "@/server/testing/fuzz";
import { dropQueuedRuns, endpointUrls, postHook, uniqueKey } from "@/server/testing/hooks";
import { signGithubPayload } from "@/server/verify/github";
import { signSlackRequest } from "@/server/verify/slack";

// The rate limit is proven elsewhere (ingest-limits); here it would only turn cases into 429s.
vi.stubEnv("WEBHOOK_RATE_LIMIT_BURST", "1000000");
vi.stubEnv("WEBHOOK_RATE_LIMIT_PER_SECOND", "1000000");

const GITHUB_SECRET = "fuzz-github-secret-0123456789";
const SLACK_SECRET = "fuzz-slack-secret-0123456789";
const BEARER = "fuzz-bearer-token-0123456789";
const SECRETS = [GITHUB_SECRET, SLACK_SECRET, BEARER];

let organizationId: string;
let urls: Map<string | null, string>;

beforeAll(async () => {
  organizationId = (await createOrganizationWithMember()).organization.id;
  const manifest = `key: ${uniqueKey("fuzz")}
name: Fuzz
flows:
  - key: github
    trigger:
      type: webhook
      verify: { preset: github, secret: ${GITHUB_SECRET} }
      match: { "$.body.action": opened }
    StartAt: Done
    States: { Done: { Type: Succeed } }
  - key: slack
    trigger: { type: webhook, verify: { preset: slack, secret: ${SLACK_SECRET} } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
  - key: bearer
    trigger: { type: webhook, verify: { scheme: header, header: Authorization, prefix: "Bearer ", secret: ${BEARER} }, dedupe: { path: $.body.id } }
    StartAt: Done
    States: { Done: { Type: Succeed } }
`;
  const { instance } = await deployIntegration({ organizationId, manifest });
  urls = await endpointUrls(organizationId, instance.id);
});

afterAll(() => dropQueuedRuns(organizationId));

const text = (bytes: Uint8Array) => Buffer.from(bytes);

/** Bodies a careless or hostile sender produces. */
const body = fc.oneof(
  fc.uint8Array({ maxLength: 300 }).map(text),
  fc.string({ maxLength: 200 }).map((s) => Buffer.from(s)),
  fc.jsonValue({ maxDepth: 4 }).map((value) => Buffer.from(JSON.stringify(value))),
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify({ action: "opened", id: value, issue: value }))),
  fc.jsonValue({ maxDepth: 3 }).map((value) => Buffer.from(JSON.stringify(value)).subarray(0, -1)),
  fc
    .constantFrom(
      "",
      "{",
      "null",
      '{"__proto__": {"polluted": true}, "action": "opened"}',
      '{"constructor": {"prototype": {"polluted": true}}}',
      `${"[".repeat(20_000)}${"]".repeat(20_000)}`,
      `{"a":${'"x",'.repeat(2_000)}"x"}`,
      "type=url_verification&challenge=abc",
      '{"type":"url_verification","challenge":"<script>alert(1)</script>"}',
      '\uFEFF{"action":"opened"}',
      "\u0000\u0001\u0002",
    )
    .map((s) => Buffer.from(s)),
);

const headerValue = fc.oneof(
  fc.string({ maxLength: 80 }).filter((s) => /^[\t\x20-\x7e]*$/.test(s)),
  fc.constantFrom(
    "",
    " ",
    "sha256=",
    "sha1=abc",
    "v0=",
    "Bearer",
    "Bearer ",
    `Bearer ${BEARER.slice(0, -1)}`,
    "application/json; charset=utf-16",
    "gzip",
    "9".repeat(40),
    "-1",
  ),
);

type Target = "github" | "slack" | "bearer";

/** Headers for a target: each right, wrong or missing, so verification both passes and fails. */
function headersFor(target: Target, payload: Buffer) {
  const now = Math.floor(Date.now() / 1000);
  const signed: Record<Target, Record<string, string>> = {
    github: { "x-hub-signature-256": signGithubPayload(GITHUB_SECRET, payload), "x-github-event": "issues" },
    slack: { "x-slack-signature": signSlackRequest(SLACK_SECRET, payload, now), "x-slack-request-timestamp": String(now) },
    bearer: { authorization: `Bearer ${BEARER}` },
  };
  return fc
    .record({
      sign: fc.constantFrom("right", "wrong", "missing"),
      contentType: fc.oneof(
        fc.constantFrom("application/json", "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x"),
        headerValue,
      ),
      extra: fc.dictionary(
        fc.constantFrom(
          "x-github-delivery",
          "content-encoding",
          "x-github-event",
          "x-slack-request-timestamp",
          "x-forwarded-for",
          "user-agent",
          "x-hub-signature-256",
        ),
        headerValue,
        { maxKeys: 3 },
      ),
      wrong: headerValue,
    })
    .map(({ sign, contentType, extra, wrong }) => {
      const headers: Record<string, string> = { "content-type": contentType, ...extra };
      if (sign === "right") Object.assign(headers, signed[target]);
      if (sign === "wrong") for (const name of Object.keys(signed[target])) headers[name] = wrong;
      return headers;
    });
}

async function expectCleanAnswer(response: Response) {
  const raw = await response.text();
  expect(response.status, raw).toBeLessThan(500);
  for (const secret of SECRETS) expect(raw).not.toContain(secret);
  expect(looksLikeStackTrace(raw), raw).toBe(false);
  if (response.status >= 400) {
    const parsed = JSON.parse(raw) as { error: { code: string; message: string } };
    expect(parsed.error.code).toMatch(/^[A-Z_]+$/);
    expect(parsed.error.message.length).toBeGreaterThan(10);
  }
  return response.status;
}

describe("ingest fuzz", { timeout: FUZZ_TIMEOUT_MS * 2 }, () => {
  it("answers every malformed body and header set with a 2xx or a clear 4xx", async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom<Target>("github", "slack", "bearer")
          .chain((target) => fc.tuple(fc.constant(target), body).chain(([t, b]) => fc.tuple(fc.constant(t), fc.constant(b), headersFor(t, b)))),
        async ([target, payload, headers]) => {
          const response = await postHook(urls.get(target)!, { body: new Uint8Array(payload), headers });
          const status = await expectCleanAnswer(response);
          statuses.set(status, (statuses.get(status) ?? 0) + 1);
        },
      ),
      { numRuns: fuzzRuns(300) },
    );
    // The generator reaches both sides of verification, and past it into parsing.
    const seen = JSON.stringify(Object.fromEntries(statuses));
    expect(
      [...statuses.keys()].some((status) => status < 300),
      seen,
    ).toBe(true);
    expect(statuses.get(401) ?? 0, seen).toBeGreaterThan(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("answers odd methods, tokens and URLs with a clear 4xx", async () => {
    const base = new URL(urls.get("github")!);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"),
        fc.oneof(fc.constant(base.pathname.split("/").at(-1)!), fc.string({ maxLength: 140 }), fc.stringMatching(/^[A-Za-z0-9_-]{16,40}$/)),
        fc.string({ maxLength: 40 }),
        async (method, token, query) => {
          const url = `${base.origin}/api/hooks/${encodeURIComponent(token)}?${encodeURIComponent(query)}`;
          const withBody = method !== "GET";
          const response = await postHook(url, { method, body: withBody ? "{}" : undefined, headers: { "content-type": "application/json" } });
          await expectCleanAnswer(response);
        },
      ),
      { numRuns: fuzzRuns(150) },
    );
  });
});
