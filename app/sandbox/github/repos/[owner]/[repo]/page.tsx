import Link from "next/link";
import { notFound } from "next/navigation";
import { loadRepoPage } from "@/server/sandbox/sandbox-ui.service";
import { openIssueAction } from "../../../../actions";
import { Badge, inputClass, PageTitle, Panel, primaryButton } from "../../../../_components/ui";

export const metadata = { title: "Repository · sandbox" };

export default async function RepoPage({ params }: { params: Promise<{ owner: string; repo: string }> }) {
  const { owner, repo: name } = await params;
  const page = await loadRepoPage(owner, name);
  if (!page) notFound();
  return (
    <>
      <PageTitle title={`${owner}/${name}`} subtitle={page.repo.description ?? undefined} />
      <Panel title="Open an issue">
        <form action={openIssueAction} className="space-y-3">
          <input type="hidden" name="owner" value={owner} />
          <input type="hidden" name="repo" value={name} />
          <label className="block text-sm font-medium text-slate-700">
            Title
            <input name="title" required className={`mt-1 ${inputClass}`} />
          </label>
          <label className="block text-sm font-medium text-slate-700">
            Description
            <textarea name="body" rows={3} className={`mt-1 ${inputClass}`} />
          </label>
          <button type="submit" className={primaryButton}>
            Open issue
          </button>
        </form>
      </Panel>
      <Panel title={`Issues (${page.issues.length})`}>
        <ul className="divide-y divide-slate-100" data-testid="issues">
          {page.issues.map(({ row, author }) => (
            <li key={row.id} className="flex items-center justify-between py-2 text-sm">
              <Link href={`/sandbox/github/repos/${owner}/${name}/issues/${row.number}`} className="font-medium text-brand-700 hover:underline">
                #{row.number} {row.title}
              </Link>
              <span className="flex items-center gap-2 text-slate-500">
                {author.login} <Badge tone={row.state === "open" ? "green" : "violet"}>{row.state}</Badge>
              </span>
            </li>
          ))}
        </ul>
      </Panel>
      <Panel title={`Webhooks (${page.hooks.length})`}>
        <ul className="space-y-1 text-sm">
          {page.hooks.map((hook) => (
            <li key={hook.id}>
              <code className="break-all">{hook.url}</code> <span className="text-slate-500">· {hook.events.join(", ")}</span>
            </li>
          ))}
        </ul>
      </Panel>
    </>
  );
}
