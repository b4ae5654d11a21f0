import Link from "next/link";
import { listSandboxRepos } from "@/server/sandbox/sandbox-ui.service";
import { PageTitle, Panel } from "../_components/ui";
import { TokenPanel } from "../_components/token-panel";

export const metadata = { title: "GitHub · sandbox" };

export default async function GithubRepos() {
  const repos = await listSandboxRepos();
  return (
    <>
      <PageTitle title="GitHub" subtitle="Repositories of the simulated GitHub." />
      <Panel title="Repositories">
        {repos.length === 0 ? <p className="text-sm text-slate-500">No repositories yet: the sandbox seed creates acme/webapp and acme/api.</p> : null}
        <ul className="divide-y divide-slate-100">
          {repos.map((repo) => (
            <li key={repo.id} className="py-2">
              <Link href={`/sandbox/github/repos/${repo.owner}/${repo.name}`} className="font-medium text-brand-700 hover:underline">
                {repo.owner}/{repo.name}
              </Link>
              <span className="ml-2 text-sm text-slate-500">{repo.description}</span>
            </li>
          ))}
        </ul>
      </Panel>
      <TokenPanel provider="github" />
    </>
  );
}
