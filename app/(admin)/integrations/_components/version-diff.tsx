"use client";

import { useQuery } from "@tanstack/react-query";
import { Fragment, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Card, ErrorNote, inputClass, Spinner } from "../../_components/ui";
import { countOf } from "@/server/text/plural";

type Version = { id: string; version: number };

const lineStyles = {
  added: "bg-emerald-50 text-emerald-900",
  removed: "bg-red-50 text-red-900",
  same: "text-slate-600",
} as const;
const marks = { added: "+", removed: "-", same: " " } as const;

/** Two versions side by side in time: the changed lines with a few lines around them, hunk by hunk. */
export function VersionDiff({ integrationId, versions }: { integrationId: string; versions: Version[] }) {
  const trpc = useTRPC();
  const [fromId, setFromId] = useState(versions[1]?.id ?? versions[0]?.id ?? "");
  const [toId, setToId] = useState(versions[0]?.id ?? "");
  const diff = useQuery({
    ...trpc.integrations.diff.queryOptions({ integrationId, fromVersionId: fromId, toVersionId: toId }),
    enabled: Boolean(fromId && toId),
  });
  const select = (value: string, onChange: (v: string) => void, label: string) => (
    <label className="text-sm">
      <span className="mr-2 text-slate-600">{label}</span>
      <select className={inputClass} value={value} onChange={(e) => onChange(e.target.value)}>
        {versions.map((v) => (
          <option key={v.id} value={v.id}>
            v{v.version}
          </option>
        ))}
      </select>
    </label>
  );
  const data = diff.data;
  return (
    <Card title="Compare versions">
      <div className="mb-3 flex flex-wrap items-center gap-4">
        {select(fromId, setFromId, "From")}
        {select(toId, setToId, "To")}
        {data ? (
          <span className="text-sm text-slate-500" data-testid="diff-summary">
            <span className="text-emerald-700">{countOf(data.added, "line added", "lines added")}</span>,{" "}
            <span className="text-red-700">{countOf(data.removed, "line removed", "lines removed")}</span>
          </span>
        ) : null}
        {diff.isFetching ? <Spinner /> : null}
      </div>
      <ErrorNote error={diff.error} />
      {data && data.hunks.length === 0 ? <p className="text-sm text-slate-500">These versions have the same manifest.</p> : null}
      {data && data.hunks.length > 0 ? (
        <div className="max-h-[32rem] overflow-auto rounded border border-slate-200 font-mono text-xs" data-testid="version-diff">
          {data.hunks.map((hunk, index) => {
            const skipped = hunk.oldStart - (index === 0 ? 1 : data.hunks[index - 1].oldStart + data.hunks[index - 1].oldLines);
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
              <Fragment key={index}>
                <div className="border-y border-slate-200 bg-slate-50 px-2 py-1 text-slate-500 first:border-t-0" data-testid="diff-hunk-header">
                  {skipped > 0 ? `⋯ ${countOf(skipped, "unchanged line", "unchanged lines")} · ` : ""}v{data.from} line {hunk.oldStart}, v{data.to} line{" "}
                  {hunk.newStart}
                </div>
                {hunk.lines.map((line, lineIndex) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
                  <div key={lineIndex} className={`whitespace-pre ${lineStyles[line.kind]}`} data-kind={line.kind}>
                    <span className="inline-block w-10 select-none pr-2 text-right text-slate-400">{line.oldLine ?? ""}</span>
                    <span className="inline-block w-10 select-none pr-2 text-right text-slate-400">{line.newLine ?? ""}</span>
                    <span className="select-none" aria-hidden>
                      {marks[line.kind]}{" "}
                    </span>
                    <span className="sr-only">{line.kind === "same" ? "" : `${line.kind}: `}</span>
                    {line.text}
                  </div>
                ))}
              </Fragment>
            );
          })}
        </div>
      ) : null}
    </Card>
  );
}
