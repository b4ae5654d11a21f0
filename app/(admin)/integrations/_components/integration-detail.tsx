"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { usePermissions } from "../../_components/role";
import { Button, Card, formatDate, LoadError, Spinner, StatusBadge } from "../../_components/ui";
import { ListingForm } from "./listing-form";
import { ManifestEditor } from "./manifest-editor";
import { PublishDialog } from "./publish-dialog";
import { VersionDiff } from "./version-diff";
import { countOf } from "@/server/text/plural";

export function IntegrationDetail({ id }: { id: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const { canEdit } = usePermissions();
  const [editing, setEditing] = useState(false);
  const [saved, setSaved] = useState<number | null>(null);
  const [publishing, setPublishing] = useState<{ id: string; version: number; releaseNotes: string | null } | null>(null);
  const integration = useQuery(trpc.integrations.get.queryOptions({ id }));
  const latest = integration.data?.versions[0];
  const source = useQuery({
    ...trpc.integrations.source.queryOptions({ integrationId: id, versionId: latest?.id ?? "" }),
    enabled: editing && Boolean(latest),
  });
  const publish = useMutation(
    trpc.integrations.publish.mutationOptions({
      onSuccess: async () => {
        setPublishing(null);
        setSaved(null);
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() });
      },
    }),
  );
  // Stable, so the dialog's focus handling is not set up again on every render.
  const resetPublish = publish.reset;
  const cancelPublish = useCallback(() => (setPublishing(null), resetPublish()), [resetPublish]);

  if (integration.isPending) return <Spinner />;
  if (!integration.data) return <LoadError error={integration.error} />;
  const data = integration.data;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">{data.name}</h1>
          <p className="text-sm text-slate-500">
            <code>{data.key}</code> · {countOf(data.instanceCount, "instance")} · {data.description}
          </p>
        </div>
        {canEdit ? <Button onClick={() => setEditing(!editing)}>{editing ? "Close editor" : "Edit manifest"}</Button> : null}
      </div>

      {editing ? (
        <Card title={`Edit manifest (from v${latest?.version ?? "—"})`}>
          {source.isPending ? (
            <Spinner />
          ) : (
            <ManifestEditor
              key={source.data?.id}
              initialSource={source.data?.source ?? ""}
              onSaved={({ version }) => {
                setEditing(false);
                setSaved(version);
              }}
            />
          )}
        </Card>
      ) : null}
      {saved !== null ? (
        <p role="status" className="rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-800">
          Saved as the draft v{saved}. Publish it below when it is ready for customers.
        </p>
      ) : null}
      {publishing ? (
        <PublishDialog
          version={publishing.version}
          initialNotes={publishing.releaseNotes}
          busy={publish.isPending}
          error={publish.error}
          onCancel={cancelPublish}
          onPublish={(releaseNotes) => publish.mutate({ integrationId: id, versionId: publishing.id, releaseNotes })}
        />
      ) : null}

      <Card title="Versions">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase text-slate-500">
            <tr>
              <th className="py-1">Version</th>
              <th>Status</th>
              <th>Release notes</th>
              <th>Created</th>
              <th>Published</th>
              <th />
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-100">
            {data.versions.map((v) => (
              <tr key={v.id}>
                <td className="py-2 font-medium">v{v.version}</td>
                <td>
                  <StatusBadge status={v.status} />
                </td>
                <td className="whitespace-pre-line text-slate-600">{v.releaseNotes ?? ""}</td>
                <td className="text-slate-600">{formatDate(v.createdAt)}</td>
                <td className="text-slate-600">{formatDate(v.publishedAt)}</td>
                <td className="text-right">
                  {canEdit && v.status === "draft" ? (
                    <Button variant="primary" onClick={() => setPublishing({ id: v.id, version: v.version, releaseNotes: v.releaseNotes })}>
                      Publish v{v.version}
                    </Button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <ListingForm integration={data} canEdit={canEdit} />
      {data.versions.length > 1 ? <VersionDiff integrationId={id} versions={data.versions} /> : null}
    </div>
  );
}
