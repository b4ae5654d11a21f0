import { findSandboxAccount, findSandboxAccountByLogin, listConsentAccounts } from "@/server/sandbox/accounts.repo";
import type { SandboxProvider } from "@/server/sandbox/config";
import { listDeliveries } from "@/server/sandbox/deliveries/deliveries.repo";
import * as github from "@/server/sandbox/github/github.repo";
import { commentOnIssue, editIssue, openIssue, withAuthors } from "@/server/sandbox/github/github.service";
import { type AuthorizeParams, checkAuthorizeRequest } from "@/server/sandbox/oauth/oauth.service";
import { SANDBOX_DEMO } from "@/server/sandbox/seed";
import { findChannel, listChannels, listMessages } from "@/server/sandbox/slack/slack.repo";
import { postMessage } from "@/server/sandbox/slack/slack.service";
import { slackUserId } from "@/server/sandbox/slack/slack-ids";
import { findTicket, listAllTickets, listTicketComments } from "@/server/sandbox/zendesk/zendesk.repo";
import { updateTicket } from "@/server/sandbox/zendesk/zendesk.service";

/**
 * What the sandbox pages show and do. A person in the UI acts as the seeded demo account of each
 * provider (octo-demo, the Zendesk agent, the Slack demo user), and goes through the same services
 * as the API, so their clicks fire the same webhooks.
 */
async function demoAccount(provider: "github" | "zendesk" | "slack") {
  const login = provider === "github" ? SANDBOX_DEMO.github.login : provider === "zendesk" ? SANDBOX_DEMO.zendesk.agent : SANDBOX_DEMO.slack.user;
  const account = await findSandboxAccountByLogin(provider, login);
  if (!account) throw new Error(`the sandbox has no ${provider} demo account yet: run seedSandbox() (npm start seeds it when the sandbox is enabled)`);
  return account;
}

export const listSandboxRepos = () => github.listAllRepos();

/** The consent screen: whether the authorize request holds, and the accounts a person may authorize as. */
export async function loadConsentPage(provider: SandboxProvider, params: AuthorizeParams) {
  const check = await checkAuthorizeRequest(provider, params);
  return { check, accounts: await listConsentAccounts(provider) };
}

export async function loadRepoPage(owner: string, name: string) {
  const repo = await github.findRepo(owner, name);
  if (!repo) return null;
  const [{ rows }, hooks] = await Promise.all([
    github.listIssues(repo.id, { state: "all", sort: "created", direction: "desc" }, { skip: 0, take: 100 }),
    github.listRepoHooks(repo.id),
  ]);
  return { repo, issues: await withAuthors(rows), hooks };
}

export async function loadIssuePage(owner: string, name: string, number: number) {
  const repo = await github.findRepo(owner, name);
  const issue = repo ? await github.findIssue(repo.id, number) : null;
  if (!repo || !issue) return null;
  const { rows } = await github.listIssueComments(issue.id, { skip: 0, take: 500 });
  return { repo, issue, author: await findSandboxAccount(issue.authorId), comments: await withAuthors(rows) };
}

export async function openIssueAsDemo(owner: string, name: string, input: { title: string; body: string }) {
  const repo = await github.findRepo(owner, name);
  if (!repo) throw new Error(`no sandbox repository ${owner}/${name}`);
  return openIssue(repo, (await demoAccount("github")).id, input);
}

async function issueOrThrow(owner: string, name: string, number: number) {
  const repo = await github.findRepo(owner, name);
  const issue = repo ? await github.findIssue(repo.id, number) : null;
  if (!repo || !issue) throw new Error(`no sandbox issue ${owner}/${name}#${number}`);
  return { repo, issue };
}

export async function commentAsDemo(owner: string, name: string, number: number, body: string) {
  const { repo, issue } = await issueOrThrow(owner, name, number);
  return commentOnIssue(repo, issue, (await demoAccount("github")).id, body);
}

export async function setIssueStateAsDemo(owner: string, name: string, number: number, state: "open" | "closed") {
  const { repo, issue } = await issueOrThrow(owner, name, number);
  return editIssue(repo, issue, (await demoAccount("github")).id, { state });
}

export const listSandboxTickets = () => listAllTickets(SANDBOX_DEMO.zendesk.subdomain);

export async function loadTicketPage(id: number) {
  const ticket = await findTicket(SANDBOX_DEMO.zendesk.subdomain, id);
  if (!ticket) return null;
  const comments = await listTicketComments(ticket.id);
  const authors = new Map<number, string>();
  for (const authorId of new Set(comments.map((c) => c.authorId))) authors.set(authorId, (await findSandboxAccount(authorId))?.name ?? `user ${authorId}`);
  return { ticket, comments: comments.map((c) => ({ ...c, authorName: authors.get(c.authorId)! })) };
}

export async function agentUpdateTicket(id: number, change: { comment?: { body: string; public: boolean }; status?: string }) {
  const ticket = await findTicket(SANDBOX_DEMO.zendesk.subdomain, id);
  if (!ticket) throw new Error(`no sandbox ticket ${id}`);
  return updateTicket(SANDBOX_DEMO.zendesk.subdomain, ticket, await demoAccount("zendesk"), change);
}

export async function loadSlackPage(channelName: string | undefined) {
  const team = SANDBOX_DEMO.slack.team;
  const channels = await listChannels(team, { take: 200, includePrivate: true });
  const channel = channels.find((c) => c.name === channelName) ?? channels[0];
  const messages = channel ? (await listMessages(channel.id, { take: 200 })).reverse() : [];
  return { channels, channel, messages };
}

export async function postSlackMessageAsDemo(channelName: string, text: string) {
  const channel = await findChannel(SANDBOX_DEMO.slack.team, channelName);
  if (!channel) throw new Error(`no sandbox channel #${channelName}`);
  return postMessage(channel, { text, userId: slackUserId((await demoAccount("slack")).id) });
}

export const listRecentDeliveries = () => listDeliveries({ take: 100 });
