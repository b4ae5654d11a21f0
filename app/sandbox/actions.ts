"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { guardSandboxAction } from "./action-guard";
import { mintPersonalToken, SandboxTokenError, type PersonalTokenProvider } from "@/server/sandbox/oauth/personal-tokens";
import { agentUpdateTicket, commentAsDemo, openIssueAsDemo, postSlackMessageAsDemo, setIssueStateAsDemo } from "@/server/sandbox/sandbox-ui.service";

/** Form actions of the sandbox pages. Each refuses to run when the sandbox does not serve this visitor, like its routes. */
const guard = guardSandboxAction;

const text = (form: FormData, name: string) => String(form.get(name) ?? "").trim();

export async function openIssueAction(form: FormData) {
  await guard();
  const owner = text(form, "owner");
  const repo = text(form, "repo");
  const issue = await openIssueAsDemo(owner, repo, { title: text(form, "title"), body: text(form, "body") });
  redirect(`/sandbox/github/repos/${owner}/${repo}/issues/${issue.number}`);
}

export async function commentIssueAction(form: FormData) {
  await guard();
  const [owner, repo, number] = [text(form, "owner"), text(form, "repo"), Number(text(form, "number"))];
  if (text(form, "body")) await commentAsDemo(owner, repo, number, text(form, "body"));
  const state = text(form, "state");
  if (state === "open" || state === "closed") await setIssueStateAsDemo(owner, repo, number, state);
  revalidatePath(`/sandbox/github/repos/${owner}/${repo}/issues/${number}`);
}

export async function updateTicketAction(form: FormData) {
  await guard();
  const id = Number(text(form, "id"));
  const body = text(form, "body");
  const status = text(form, "status");
  await agentUpdateTicket(id, {
    ...(body ? { comment: { body, public: text(form, "visibility") !== "private" } } : {}),
    ...(status ? { status } : {}),
  });
  revalidatePath(`/sandbox/zendesk/tickets/${id}`);
}

export async function postSlackMessageAction(form: FormData) {
  await guard();
  const channel = text(form, "channel");
  if (text(form, "text")) await postSlackMessageAsDemo(channel, text(form, "text"));
  revalidatePath("/sandbox/slack");
}

export type SandboxTokenState = { token?: string; login?: string; error?: string };

/** The provider's "create a token" settings page: answers the token once, as the real pages show it once. */
export async function createSandboxTokenAction(provider: PersonalTokenProvider, _previous: SandboxTokenState, form: FormData): Promise<SandboxTokenState> {
  await guard();
  try {
    const minted = await mintPersonalToken(provider, { login: text(form, "login") || undefined });
    return { token: minted.token, login: minted.login };
  } catch (error) {
    if (error instanceof SandboxTokenError) return { error: error.message };
    throw error;
  }
}
