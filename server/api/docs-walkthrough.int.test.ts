/**
 * Runs docs/api.md's walkthrough exactly as written — the manifest, the CLI publish and every curl
 * command — against the real route handlers, so the documentation cannot drift from the API.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "@/scripts/cli";
import { createLogger } from "@/server/logger";
import { createActionInvoker } from "@/server/runtime/action-invoker";
import { createOrganizationWithMember } from "@/server/testing/factories";
import { startTestWorker, waitFor } from "@/server/testing/test-worker";
import { parseCurl, fencedBlocks } from "./testing/curl";
import { dispatchToRoutes } from "./testing/dispatch";
import { apiKeyFor, BASE_URL } from "./testing/call-route";

let worker: Awaited<ReturnType<typeof startTestWorker>>;
beforeAll(async () => {
  worker = await startTestWorker({ actionInvoker: createActionInvoker({ log: createLogger({ level: "silent" }), alwaysAllow: [] }) });
});
afterAll(async () => {
  await worker.stop();
});

describe("docs/api.md walkthrough", () => {
  it("publishes the integration, creates a customer, deploys, triggers the flow and reads the execution", async () => {
    const blocks = fencedBlocks(readFileSync("docs/api.md", "utf8"), "## Walkthrough");
    const manifest = blocks.find((b) => b.lang === "yaml")!.text;
    const [publish, ...curls] = blocks.filter((b) => b.lang === "sh");
    const expected = JSON.parse(blocks.filter((b) => b.lang === "json").at(-1)!.text);
    expect(curls).toHaveLength(4);

    const { organization } = await createOrganizationWithMember();
    const vars: Record<string, string> = { SWITCHYARD_URL: BASE_URL, SWITCHYARD_API_KEY: await apiKeyFor(organization.id) };
    const cli = publish.text
      .split("\n")
      .find((line) => line.startsWith("npm run cli -- "))!
      .replace("npm run cli -- ", "")
      .split(" ");
    const printed: string[] = [];
    const code = await runCli(cli, {
      env: vars,
      fetch: dispatchToRoutes as typeof fetch,
      out: (l) => printed.push(l),
      err: (l) => printed.push(l),
      readFile: async () => manifest,
      readStdin: async () => "",
    });
    expect({ code, printed }).toEqual({ code: 0, printed: ["pushed hello version 1 (draft, new)", "published hello version 1"] });

    let last: unknown;
    for (const [index, block] of curls.entries()) {
      const step = parseCurl(block.text, vars);
      const run = async () => {
        const response = await dispatchToRoutes(step.url, { method: step.method, headers: step.headers, body: step.body });
        return { status: response.status, json: (await response.json()) as Record<string, unknown> };
      };
      let answer = await run();
      expect(answer.status, `step ${index + 1}: ${JSON.stringify(answer.json)}`).toBeLessThan(300);
      if (index === curls.length - 1) {
        answer = await waitFor(async () => {
          const polled = await run();
          return ["succeeded", "failed"].includes(String(polled.json.status)) && polled;
        }, "the execution to finish");
      }
      if (step.assign) vars[step.assign] = String(answer.json[step.jqField!]);
      last = answer.json;
    }
    expect(last).toMatchObject(expected);
    expect(vars.CUSTOMER_ID).toMatch(/^[0-9a-f-]{36}$/);
  });
});
