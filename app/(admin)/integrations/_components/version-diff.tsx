"use client";

import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Card, ErrorNote, inputClass, Spinner } from "../../_components/ui";
import { countOf } from "@/server/text/plural";

type Version = { id: string; version: number };

export function VersionDiff({ integrationId, versions }: { integrationId: string; versions: Version[] }) {
  const trpc = useTRPC();
  const [fromId, setFromId] = useState(versions[1]?.id ?? versions[0]?.id ?? "");
  const [toId, setToId] = useState(versions[0]?.id ?? "");
  const diff = useQuery({ ...trpc.integrations.diff.queryOptions({ integrationId, fromVersionId: fromId, toVersionId: toId }), enabled: Boolean(fromId && toId) });
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
  const changed = diff.data?.lines.filter((l) => l.kind !== "same").length ?? 0;
  return (
    <Card title="Compare versions">
      <div className="mb-3 flex flex-wrap gap-4">
        {select(fromId, setFromId, "From")}
        {select(toId, setToId, "To")}
        {diff.data ? <span className="text-sm text-slate-500">{countOf(changed, "changed line")}</span> : null}
      </div>
      <ErrorNote error={diff.error} />
      {diff.isFetching ? <Spinner /> : null}
      {diff.data ? (
        <pre className="max-h-[28rem] overflow-auto rounded border border-slate-200 text-xs" data-testid="version-diff">
          {diff.data.lines.map((line, i) => (
            <div key={i} className={line.kind === "added" ? "bg-emerald-50 text-emerald-900" : line.kind === "removed" ? "bg-red-50 text-red-900" : "text-slate-600"}>
              <span className="inline-block w-10 select-none pr-2 text-right text-slate-400">{line.oldLine ?? ""}</span>
              <span className="inline-block w-10 select-none pr-2 text-right text-slate-400">{line.newLine ?? ""}</span>
              <span className="select-none">{line.kind === "added" ? "+ " : line.kind === "removed" ? "- " : "  "}</span>
              {line.text}
            </div>
          ))}
        </pre>
      ) : null}
    </Card>
  );
}
