import { z } from "zod";

import { closeIssue } from "@/server/connectors/builtin/github/actions/close-issue";
import { createIssue } from "@/server/connectors/builtin/github/actions/create-issue";
import { createIssueComment } from "@/server/connectors/builtin/github/actions/create-issue-comment";
import { createRepoWebhook } from "@/server/connectors/builtin/github/actions/create-repo-webhook";
import { deleteRepoWebhook } from "@/server/connectors/builtin/github/actions/delete-repo-webhook";
import { getIssue } from "@/server/connectors/builtin/github/actions/get-issue";
import { listIssueComments } from "@/server/connectors/builtin/github/actions/list-issue-comments";
import { listRepoWebhooks } from "@/server/connectors/builtin/github/actions/list-repo-webhooks";
import { listRepos } from "@/server/connectors/builtin/github/actions/list-repos";
import { listReposSource } from "@/server/connectors/builtin/github/data-sources/list-repos";
import { issuesPoller } from "@/server/connectors/builtin/github/pollers/issues";
import { githubWebhooks } from "@/server/connectors/builtin/github/webhooks";
import type { AccountLabelContext } from "@/server/connectors/framework/auth";
import { defineConnector } from "@/server/connectors/framework/define-connector";

async function githubLogin({ http }: AccountLabelContext): Promise<string> {
  const me = await http.get("/user");
  return z.object({ login: z.string() }).parse(me.body).login;
}

/**
 * GitHub through an OAuth app, or a personal access token (`personalAccessToken`; GitHub Enterprise
 * Server and the sandbox: give the connection's base URL, `https://HOST/api/v3`). The URLs are GitHub's own; an organization's OAuth app may override
 * the authorize, token and API URLs (the sandbox: `<public URL>/sandbox/github/login/oauth/…` and
 * `<public URL>/sandbox/github/api`). Deliveries are verified with the `github` preset.
 */
export const githubConnector = defineConnector({
  key: "github",
  name: "GitHub",
  description: "Repositories, issues, comments and repository webhooks.",
  // GitHub's primary limit for a user's token: 5,000 requests an hour.
  rateLimit: { requests: 5000, per: "hour" },
  auth: [
    {
      kind: "oauth2",
      grant: "authorization_code",
      authorizeUrl: "https://github.com/login/oauth/authorize",
      tokenUrl: "https://github.com/login/oauth/access_token",
      // repo: issues and private repositories; admin:repo_hook: registering webhooks.
      scopes: ["repo", "admin:repo_hook"],
      accountLabel: githubLogin,
    },
    {
      kind: "credentials",
      id: "personalAccessToken",
      label: "Personal access token",
      description:
        "GitHub → Settings → Developer settings → Personal access tokens, with the repo and admin:repo_hook scopes (fine-grained: Issues and Webhooks read and write).",
      fields: [{ key: "token", label: "Personal access token", type: "string", secret: true, placeholder: "ghp_… or github_pat_…" }],
      authorize: (values) => ({ headers: { authorization: `Bearer ${values.token}` } }),
      accountLabel: githubLogin,
    },
  ],
  baseUrl: "https://api.github.com",
  healthCheck: {
    description: "GET /user: the account the token belongs to.",
    async run(ctx) {
      await ctx.http.get("/user");
    },
  },
  actions: { listRepos, createRepoWebhook, deleteRepoWebhook, listRepoWebhooks, getIssue, createIssue, closeIssue, createIssueComment, listIssueComments },
  dataSources: { listRepos: listReposSource },
  webhooks: githubWebhooks,
  pollers: { issues: issuesPoller },
});
