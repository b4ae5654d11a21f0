import Link from "next/link";
import { loadSlackPage } from "@/server/sandbox/sandbox-ui.service";
import { postSlackMessageAction } from "../actions";
import { inputClass, PageTitle, Panel, primaryButton } from "../_components/ui";
import { TokenPanel } from "../_components/token-panel";

export const metadata = { title: "Slack · sandbox" };

export default async function SlackPage({ searchParams }: { searchParams: Promise<{ channel?: string }> }) {
  const { channel: selected } = await searchParams;
  const { channels, channel, messages } = await loadSlackPage(selected);
  return (
    <>
      <PageTitle title="Slack" subtitle="The Acme workspace. You post as the demo user." />
      <div className="grid gap-6 sm:grid-cols-[12rem_1fr]">
        <nav aria-label="Channels">
          <ul className="space-y-1 text-sm">
            {channels.map((c) => (
              <li key={c.id}>
                <Link
                  href={`/sandbox/slack?channel=${c.name}`}
                  aria-current={c.id === channel?.id ? "page" : undefined}
                  className={`block rounded px-2 py-1 ${c.id === channel?.id ? "bg-brand-50 font-semibold text-brand-700" : "hover:bg-slate-100"}`}
                >
                  #{c.name}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        {channel ? (
          <Panel title={`#${channel.name}`}>
            <ol className="space-y-2" data-testid="messages">
              {messages.map((m) => (
                <li key={m.id} className="text-sm">
                  <span className="font-medium">{m.botId ? `app ${m.botId}` : m.userId}</span>{" "}
                  <span className="text-xs text-slate-500">{m.createdAt.toISOString().slice(11, 16)}</span>
                  <p className="whitespace-pre-wrap">{m.text}</p>
                </li>
              ))}
            </ol>
            <form action={postSlackMessageAction} className="mt-4 flex gap-3">
              <input type="hidden" name="channel" value={channel.name} />
              <label className="sr-only" htmlFor="message">
                Message
              </label>
              <input id="message" name="text" placeholder={`Message #${channel.name}`} className={inputClass} />
              <button type="submit" className={primaryButton}>
                Send
              </button>
            </form>
          </Panel>
        ) : (
          <p className="text-sm text-slate-500">No channels yet: the sandbox seed creates #general and #support.</p>
        )}
      </div>
      <TokenPanel provider="slack" />
    </>
  );
}
