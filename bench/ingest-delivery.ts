import { randomBytes } from "node:crypto";
import { signGithubPayload } from "@/server/verify/github";

/** A GitHub "issues" delivery as GitHub sends it: ~1.5 KB of JSON, signed, with its own delivery id. */
export function githubIssueDelivery(secret: string) {
  const number = Math.floor(Math.random() * 1_000_000);
  const body = Buffer.from(
    JSON.stringify({
      action: "opened",
      issue: {
        number,
        title: `Issue ${number}`,
        body: "Steps to reproduce: ".padEnd(600, "x"),
        state: "open",
        labels: [{ name: "bug" }],
        user: { login: "octocat", id: 1 },
      },
      repository: { id: 1296269, full_name: "octocat/Hello-World", private: false, owner: { login: "octocat", id: 1 } },
      sender: { login: "octocat", id: 1, type: "User" },
    }),
  );
  return {
    body,
    headers: {
      "content-type": "application/json",
      "user-agent": "GitHub-Hookshot/bench",
      "x-github-event": "issues",
      "x-github-delivery": randomBytes(16).toString("hex"),
      "x-hub-signature-256": signGithubPayload(secret, body),
    },
  };
}
