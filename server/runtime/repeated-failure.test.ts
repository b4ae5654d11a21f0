import { describe, expect, it } from "vitest";
import type { Logger } from "@/server/logger";
import { repeatedFailureLog } from "./repeated-failure";

function recordingLog() {
  const lines: { level: string; fields: Record<string, unknown>; message: string }[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => lines.push({ level, fields, message });
  return { lines, log: { warn: at("warn"), info: at("info"), error: at("error"), debug: at("debug") } as unknown as Logger };
}

describe("repeatedFailureLog", () => {
  it("logs the first failure of an outage, then its end with how many attempts failed, and nothing while things work", () => {
    const { lines, log } = recordingLog();
    const checks = repeatedFailureLog(log, { component: "worker", what: "check for abandoned executions" });
    checks.succeeded();
    for (let i = 0; i < 5; i++) checks.failed(new Error("Connection terminated unexpectedly"));
    checks.succeeded();
    checks.succeeded();
    checks.failed("down again");
    expect(lines).toEqual([
      {
        level: "warn",
        fields: { component: "worker", err: "Connection terminated unexpectedly" },
        message: "could not check for abandoned executions; retrying quietly until it works",
      },
      { level: "info", fields: { component: "worker", failedAttempts: 5 }, message: "check for abandoned executions: works again" },
      {
        level: "warn",
        fields: { component: "worker", err: "down again" },
        message: "could not check for abandoned executions; retrying quietly until it works",
      },
    ]);
  });
});
