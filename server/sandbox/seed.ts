import { ensureSandboxAccount } from "@/server/sandbox/accounts.repo";
import { upsertRepo } from "@/server/sandbox/github/github.repo";
import { upsertChannel } from "@/server/sandbox/slack/slack.repo";
import { SANDBOX_SLACK_TEAM } from "@/server/sandbox/slack/slack-ids";
import { ensureOrg } from "@/server/sandbox/salesforce/salesforce.repo";

/** The demo's fixed names; tests and the demo seed read them from here rather than repeating them. */
export const SANDBOX_DEMO = {
  github: { login: "octo-demo", repos: ["acme/webapp", "acme/api"] },
  zendesk: { subdomain: "acme", agent: "agent@acme.test", requester: "customer@example.com" },
  slack: {
    team: SANDBOX_SLACK_TEAM.id,
    user: "demo",
    channels: [
      { id: "C0GENERAL1", name: "general" },
      { id: "C0SUPPORT1", name: "support" },
    ],
  },
  // The integration signs in as the admin; a person on the sandbox page works as the sales rep.
  salesforce: { org: "00D5g000004Fx2AEAS", orgName: "Acme CRM (sandbox org)", admin: "admin@acme-crm.test", rep: "sam.sales@acme-crm.test" },
  // Acme is the vendor's own app; its workspace belongs to the demo customer.
  acme: { workspace: "demo-customer", admin: "admin@demo-customer.test" },
} as const;

/**
 * Creates the demo accounts and their workspaces: a GitHub user with two repositories of the acme
 * organization, a Zendesk agent (and a customer) on subdomain `acme`, and a Slack workspace with
 * #general and #support, a Salesforce org with an admin and a sales rep, and an Acme workspace.
 * Safe to run on every start: existing rows are left as they are.
 */
export async function seedSandbox() {
  const octo = await ensureSandboxAccount("github", { login: SANDBOX_DEMO.github.login, name: "Octo Demo", email: "octo-demo@example.com" });
  const repos = [];
  for (const fullName of SANDBOX_DEMO.github.repos) {
    const [owner, name] = fullName.split("/");
    repos.push(await upsertRepo({ owner, name, accountId: octo.id, description: `Acme's ${name} (sandbox)` }));
  }

  const { subdomain } = SANDBOX_DEMO.zendesk;
  const agent = await ensureSandboxAccount("zendesk", {
    login: SANDBOX_DEMO.zendesk.agent,
    name: "Alex Agent",
    email: SANDBOX_DEMO.zendesk.agent,
    workspace: subdomain,
    role: "agent",
  });
  const requester = await ensureSandboxAccount("zendesk", {
    login: SANDBOX_DEMO.zendesk.requester,
    name: "Casey Customer",
    email: SANDBOX_DEMO.zendesk.requester,
    workspace: subdomain,
    role: "end-user",
  });

  const slackUser = await ensureSandboxAccount("slack", {
    login: SANDBOX_DEMO.slack.user,
    name: "Demo User",
    email: "demo@acme.test",
    workspace: SANDBOX_DEMO.slack.team,
  });
  const channels = [];
  for (const channel of SANDBOX_DEMO.slack.channels) {
    channels.push(
      await upsertChannel({
        ...channel,
        workspace: SANDBOX_DEMO.slack.team,
        purpose: channel.name === "support" ? "Customer support escalations" : "Company-wide announcements",
      }),
    );
  }
  const { salesforce: sf, acme } = SANDBOX_DEMO;
  const org = await ensureOrg({ id: sf.org, name: sf.orgName });
  const salesforceAdmin = await ensureSandboxAccount("salesforce", { login: sf.admin, name: "Ada Admin", email: sf.admin, workspace: org.id, role: "admin" });
  const salesforceRep = await ensureSandboxAccount("salesforce", { login: sf.rep, name: "Sam Sales", email: sf.rep, workspace: org.id, role: "user" });
  const acmeAdmin = await ensureSandboxAccount("acme", { login: acme.admin, name: "Dana Demo", email: acme.admin, workspace: acme.workspace, role: "admin" });
  return {
    github: { account: octo, repos },
    zendesk: { agent, requester, subdomain },
    slack: { user: slackUser, channels },
    salesforce: { org, admin: salesforceAdmin, rep: salesforceRep },
    acme: { admin: acmeAdmin, workspace: acme.workspace },
  };
}
