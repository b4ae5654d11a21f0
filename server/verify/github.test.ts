import { sign, verify } from "@octokit/webhooks-methods";
import { describePresetContract, printableSecrets } from "./testing/preset-contract";
import { signGithubPayload } from "./github";

const request = (body: string, signature: string) => ({
  method: "POST",
  url: "https://hooks.example.com/api/hooks/tok",
  headers: { "content-type": "application/json", "x-github-event": "issues", "x-hub-signature-256": signature },
  rawBody: Buffer.from(body),
});

describePresetContract<string>({
  preset: "github",
  keys: printableSecrets,
  configured: (secret) => secret,
  providerSigns: async (secret, body) => request(body, await sign(secret, body)),
  weSign: (secret, body) => request(body, signGithubPayload(secret, Buffer.from(body))),
  providerAccepts: (secret, delivery) => verify(secret, delivery.rawBody.toString("utf8"), delivery.headers["x-hub-signature-256"]),
  requiredHeaders: ["X-Hub-Signature-256"],
  malformed: {
    "X-Hub-Signature-256": ["", `sha1=${"a".repeat(40)}`, `sha256=${"z".repeat(64)}`, `sha256=${"a".repeat(63)}`, "a".repeat(64)],
  },
});
