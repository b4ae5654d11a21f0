import { z } from "zod";

import { githubHookSchema, githubRepoSchema, nextPageOf, repoParamSchema, repoPath } from "@/server/connectors/builtin/github/github.schema";
import { defineWebhooks } from "@/server/connectors/framework/define-connector";
import { NonRetryableError } from "@/server/engine/errors";

/** Instance state key naming the repository an instance's webhooks go on (set from the wizard's repo field). */
export const GITHUB_REPOSITORY_STATE_KEY = "github.repository";

/** Lifecycle ids carry the repository (`acme/webapp#12`) because GitHub hook ids are per repository. */
function parseId(id: string): { repo: string; hookId: number } {
  const match = /^([^#]+)#(\d+)$/.exec(id);
  if (!match) throw new NonRetryableError(`"${id}" is not a GitHub webhook id of the form owner/name#<hook id>`);
  return { repo: match[1], hookId: Number(match[2]) };
}

/**
 * Repository webhooks. GitHub signs each delivery with the secret we choose (X-Hub-Signature-256),
 * which the `github` verify preset checks. `list` walks every repository the account administers,
 * so `deleteOwnWebhooks` finds this instance's hooks wherever they are and leaves all others.
 */
export const githubWebhooks = defineWebhooks({
  async create(ctx, { url, secret, events }) {
    const repo = repoParamSchema.safeParse(await ctx.state.get(GITHUB_REPOSITORY_STATE_KEY));
    if (!repo.success)
      throw new NonRetryableError(
        `GitHub webhooks are per repository: store the repository (owner/name) under instance state "${GITHUB_REPOSITORY_STATE_KEY}" first`,
      );
    const response = await ctx.http.post(`${repoPath(repo.data)}/hooks`, {
      name: "web",
      active: true,
      events,
      config: { url, content_type: "json", secret, insecure_ssl: "0" },
    });
    return { id: `${repo.data}#${githubHookSchema.parse(response.body).id}` };
  },
  async list(ctx) {
    const hooks: Array<{ id: string; url: string }> = [];
    for (let page: number | null = 1; page !== null; ) {
      const response = await ctx.http.get("/user/repos", { query: { page, per_page: 100 } });
      for (const repo of z.array(githubRepoSchema).parse(response.body)) {
        if (repo.permissions?.admin === false) continue; // Hooks need admin; a 404 here would fail the whole uninstall.
        const listed = await ctx.http.get(`${repoPath(repo.full_name)}/hooks`, { query: { per_page: 100 } });
        for (const hook of z.array(githubHookSchema).parse(listed.body)) hooks.push({ id: `${repo.full_name}#${hook.id}`, url: hook.config.url ?? "" });
      }
      page = nextPageOf(response.headers);
    }
    return hooks;
  },
  async delete(ctx, id) {
    const { repo, hookId } = parseId(id);
    await ctx.http.delete(`${repoPath(repo)}/hooks/${hookId}`, { throwOnHttpError: true });
  },
});
