"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Button, ErrorNote, Spinner } from "../../_components/ui";
import { CodeEditor, type CodeEditorHandle, type EditorProblem } from "./code-editor";
import { countOf } from "@/server/text/plural";

/** Checking waits for a pause in typing. */
const CHECK_AFTER_MS = 600;

/**
 * Write, paste or upload a manifest; it is checked as you type (and with Check), every problem is
 * underlined at its place and listed with its line:column, and choosing one in the list puts the
 * cursor on it. Save draft stores it as the integration's draft version.
 */
export function ManifestEditor({
  initialSource = "",
  onSaved,
}: {
  initialSource?: string;
  onSaved?: (result: { integrationId: string; version: number }) => void;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const editor = useRef<CodeEditorHandle>(null);
  const [source, setSource] = useState(initialSource);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [checked, setChecked] = useState<string | null>(null);

  const validate = useMutation(
    trpc.integrations.validate.mutationOptions({
      onSuccess: (result, input) => {
        setProblems(result.errors);
        setChecked(input.source);
      },
    }),
  );
  const push = useMutation(
    trpc.integrations.push.mutationOptions({
      onSuccess: async (result, input) => {
        if (!result.ok) {
          setProblems(result.errors);
          setChecked(input.source);
          return;
        }
        // The integration's page lists the new draft (and its Publish button) at once.
        await queryClient.invalidateQueries({ queryKey: trpc.integrations.pathKey() });
        if (onSaved) onSaved({ integrationId: result.integration.id, version: result.version.version });
        else router.push(`/integrations/${result.integration.id}`);
      },
    }),
  );

  const { mutate: check } = validate;
  useEffect(() => {
    if (!source.trim()) return;
    const timer = setTimeout(() => check({ source }), CHECK_AFTER_MS);
    return () => clearTimeout(timer);
  }, [source, check]);

  async function upload(file: File | undefined) {
    if (!file) return;
    setSource(await file.text());
  }

  const current = checked === source;
  const status = validate.isPending ? (
    <Spinner label="Checking…" />
  ) : current && problems.length === 0 ? (
    <span className="text-sm text-emerald-700">No problems found.</span>
  ) : null;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm focus-within:ring-2 focus-within:ring-brand-500 hover:bg-slate-50">
          Upload file…
          <input type="file" accept=".yaml,.yml,.json" className="sr-only" onChange={(e) => void upload(e.target.files?.[0])} />
        </label>
        <Button onClick={() => validate.mutate({ source })} pending={validate.isPending} disabled={!source.trim()}>
          Check
        </Button>
        <Button variant="primary" onClick={() => push.mutate({ source })} pending={push.isPending} disabled={!source.trim()}>
          Save draft
        </Button>
        <span role="status" aria-live="polite">
          {status}
        </span>
      </div>
      <ErrorNote error={push.error ?? validate.error} />
      {problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3" data-testid="manifest-errors">
          <p className="mb-2 text-sm font-medium text-red-800">
            {countOf(problems.length, "problem")} in the manifest{current ? "" : " (as last checked)"}
          </p>
          <ul className="max-h-48 space-y-1 overflow-auto">
            {problems.map((problem, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list that is never reordered; its position is what tells its items apart.
              <li key={index}>
                <button
                  type="button"
                  onClick={() => problem.line && editor.current?.jumpTo(problem.line, problem.column)}
                  disabled={!problem.line}
                  className="text-left text-sm text-red-800 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:no-underline"
                >
                  <span className="font-mono font-semibold">{problem.line ? `line ${problem.line}:${problem.column ?? 1}` : "manifest"}</span>{" "}
                  {problem.path ? <code>{problem.path}</code> : null} — {problem.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <CodeEditor
        ref={editor}
        value={source}
        onChange={setSource}
        problems={problems}
        label="Manifest"
        placeholder={"key: my-integration\nname: My integration\nflows: …"}
      />
      <p className="text-xs text-slate-500">YAML or JSON. Tab indents; press Escape, then Tab, to move on from the editor. Ctrl-F searches; Ctrl-Z undoes.</p>
    </div>
  );
}
