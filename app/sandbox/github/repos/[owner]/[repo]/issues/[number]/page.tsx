import { notFound } from "next/navigation";
import { loadIssuePage } from "@/server/sandbox/sandbox-ui.service";
import { commentIssueAction } from "../../../../../../actions";
import { Badge, inputClass, PageTitle, Panel, primaryButton, secondaryButton } from "../../../../../../_components/ui";

export const metadata = { title: "Issue · sandbox" };

export default async function IssuePage({ params }: { params: Promise<{ owner: string; repo: string; number: string }> }) {
  const { owner, repo, number } = await params;
  const page = await loadIssuePage(owner, repo, Number(number));
  if (!page) notFound();
  const { issue } = page;
  return (
    <>
      <PageTitle title={`${issue.title} #${issue.number}`} subtitle={`${owner}/${repo} · opened by ${page.author?.login ?? "unknown"}`} />
      <p className="mb-4">
        <Badge tone={issue.state === "open" ? "green" : "violet"}>{issue.state}</Badge>
      </p>
      {issue.body ? <p className="mb-6 whitespace-pre-wrap rounded-lg border border-slate-200 bg-white p-4 text-sm">{issue.body}</p> : null}
      <Panel title={`Comments (${page.comments.length})`}>
        <ol className="space-y-3" data-testid="comments">
          {page.comments.map(({ row, author }) => (
            <li key={row.id} className="rounded-md border border-slate-100 p-3 text-sm">
              <p className="text-xs text-slate-500">
                {author.login} · {row.createdAt.toISOString().replace("T", " ").slice(0, 16)}
              </p>
              <p className="mt-1 whitespace-pre-wrap">{row.body}</p>
            </li>
          ))}
        </ol>
        <form action={commentIssueAction} className="mt-4 space-y-3">
          <input type="hidden" name="owner" value={owner} />
          <input type="hidden" name="repo" value={repo} />
          <input type="hidden" name="number" value={issue.number} />
          <label className="block text-sm font-medium text-slate-700">
            Comment
            <textarea name="body" rows={3} className={`mt-1 ${inputClass}`} />
          </label>
          <div className="flex gap-3">
            <button type="submit" className={primaryButton}>
              Comment
            </button>
            <button type="submit" name="state" value={issue.state === "open" ? "closed" : "open"} className={secondaryButton}>
              {issue.state === "open" ? "Close issue" : "Reopen issue"}
            </button>
          </div>
        </form>
      </Panel>
    </>
  );
}
