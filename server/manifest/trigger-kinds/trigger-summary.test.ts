import { describe, expect, it } from "vitest";
import { summarizeTrigger } from "./trigger-summary";

const github = (event: string, body: Record<string, unknown>) => ({ headers: { "x-github-event": event }, body, query: {} });

describe("summarizeTrigger", () => {
  it("names GitHub deliveries by what happened to which issue, so an echo and a real copy differ", () => {
    expect(summarizeTrigger("webhook", github("issues", { action: "opened", issue: { number: 12, title: "Checkout fails" } }))).toBe("issue #12 opened");
    expect(summarizeTrigger("webhook", github("issue_comment", { action: "created", issue: { number: 12 }, comment: { id: 5 } }))).toBe(
      "comment on #12 created",
    );
    expect(summarizeTrigger("webhook", github("push", { ref: "refs/heads/main" }))).toBe("push to main");
    expect(summarizeTrigger("webhook", github("ping", {}))).toBe("ping from GitHub");
  });

  it("reads the event name other providers put in the body, and a ticket id", () => {
    expect(summarizeTrigger("webhook", { headers: {}, body: { type: "invoice.paid", data: {} } })).toBe("invoice.paid");
    expect(summarizeTrigger("webhook", { headers: {}, body: { type: "event_callback", event: { type: "app_mention" } } })).toBe("app mention");
    expect(summarizeTrigger("webhook", { headers: {}, body: { ticket: { id: 7, external_id: "github:12" } } })).toBe("ticket #7");
    expect(summarizeTrigger("webhook", { headers: {}, body: { hello: "world" } })).toBe("webhook delivery");
  });

  it("does not repeat free text from a payload", () => {
    expect(summarizeTrigger("webhook", { headers: {}, body: { type: "A long sentence someone typed\nwith a second line in it" } })).toBe("webhook delivery");
  });

  it("describes the other triggers", () => {
    expect(summarizeTrigger("schedule", { scheduledTime: "2026-12-07T09:00:00.000Z", cron: "0 9 * * *", timezone: "UTC" })).toBe("scheduled for 09:00 UTC");
    expect(summarizeTrigger("poll", { item: {}, itemId: "42@2026-11-23T10:00:00Z" })).toBe("new item 42");
    expect(summarizeTrigger("poll", { items: [], itemIds: ["1", "2", "3"] })).toBe("3 new items");
    expect(summarizeTrigger("manual", {})).toBe("started by hand");
    expect(summarizeTrigger("event", { file: "a.csv" }, "file.found")).toBe("event file.found");
    expect(summarizeTrigger("instance.deploy", { lifecycle: "deploy" })).toBe("activation or settings change");
  });
});
