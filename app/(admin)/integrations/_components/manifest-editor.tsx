"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { useTRPC } from "@/app/_components/trpc-provider";
import { Button, ErrorNote } from "../../_components/ui";
import { countOf } from "@/server/text/plural";

type ManifestProblem = { path: string; message: string; line?: number; column?: number };

const LINE_HEIGHT = 20;

/**
 * A textarea with line numbers: upload or paste a manifest, check it, save it as the draft.
 * Problems are listed with their line:column and marked in the gutter; choosing one selects
 * that line in the editor.
 */
export function ManifestEditor({ initialSource = "" }: { initialSource?: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [source, setSource] = useState(initialSource);
  const [problems, setProblems] = useState<ManifestProblem[] | null>(null);
  const [checkedOk, setCheckedOk] = useState(false);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  const validate = useMutation(trpc.integrations.validate.mutationOptions({ onSuccess: (r) => (setProblems(r.errors), setCheckedOk(r.ok)) }));
  const push = useMutation(
    trpc.integrations.push.mutationOptions({
      onSuccess: (result) => {
        if (result.ok) router.push(`/integrations/${result.integration.id}`);
        else (setProblems(result.errors), setCheckedOk(false));
      },
    }),
  );

  const lines = source.split("\n");
  const badLines = new Set((problems ?? []).map((p) => p.line).filter(Boolean));

  function jumpTo(line: number, column = 1) {
    const area = textarea.current;
    if (!area) return;
    const start = lines.slice(0, line - 1).reduce((sum, l) => sum + l.length + 1, 0);
    area.focus();
    area.setSelectionRange(start + Math.max(0, column - 1), start + (lines[line - 1]?.length ?? 0));
    area.scrollTop = Math.max(0, (line - 4) * LINE_HEIGHT);
  }

  async function upload(file: File | undefined) {
    if (!file) return;
    setSource(await file.text());
    setProblems(null);
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-2">
        <label className="inline-flex cursor-pointer items-center rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm font-medium text-slate-700 shadow-sm focus-within:ring-2 focus-within:ring-brand-500 hover:bg-slate-50">
          Upload file…
          <input type="file" accept=".yaml,.yml,.json" className="sr-only" onChange={(e) => void upload(e.target.files?.[0])} />
        </label>
        <Button onClick={() => validate.mutate({ source })} pending={validate.isPending}>
          Check
        </Button>
        <Button variant="primary" onClick={() => push.mutate({ source })} pending={push.isPending} disabled={!source.trim()}>
          Save draft
        </Button>
        {checkedOk && !problems?.length ? <span className="text-sm text-emerald-700">No problems found.</span> : null}
      </div>
      <ErrorNote error={push.error ?? validate.error} />
      {problems && problems.length > 0 ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3" data-testid="manifest-errors">
          <p className="mb-2 text-sm font-medium text-red-800">{countOf(problems.length, "problem")} in the manifest</p>
          <ul className="space-y-1">
            {problems.map((p, i) => (
              <li key={i}>
                <button
                  type="button"
                  onClick={() => p.line && jumpTo(p.line, p.column)}
                  className="text-left text-sm text-red-800 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500"
                >
                  <span className="font-mono font-semibold">{p.line ? `line ${p.line}:${p.column ?? 1}` : "manifest"}</span> {p.path ? <code>{p.path}</code> : null} — {p.message}
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div className="flex h-[28rem] overflow-hidden rounded-md border border-slate-300 bg-white font-mono text-sm focus-within:ring-2 focus-within:ring-brand-500">
        <div ref={gutter} aria-hidden className="select-none overflow-hidden border-r border-slate-200 bg-slate-50 py-2 text-right text-slate-400">
          {lines.map((_, i) => (
            <div key={i} data-testid={`gutter-line-${i + 1}`} data-error={badLines.has(i + 1) || undefined} style={{ height: LINE_HEIGHT, lineHeight: `${LINE_HEIGHT}px` }} className={`px-2 ${badLines.has(i + 1) ? "bg-red-100 font-semibold text-red-700" : ""}`}>
              {i + 1}
            </div>
          ))}
        </div>
        <textarea
          ref={textarea}
          aria-label="Manifest"
          value={source}
          spellCheck={false}
          wrap="off"
          onChange={(e) => (setSource(e.target.value), setCheckedOk(false))}
          onScroll={(e) => gutter.current && (gutter.current.scrollTop = e.currentTarget.scrollTop)}
          onKeyDown={(e) => {
            // Tab indents (YAML needs spaces) instead of leaving the editor; Escape then Tab leaves it.
            if (e.key !== "Tab" || e.shiftKey) return;
            e.preventDefault();
            const area = e.currentTarget;
            const at = area.selectionStart;
            setSource(source.slice(0, at) + "  " + source.slice(area.selectionEnd));
            requestAnimationFrame(() => area.setSelectionRange(at + 2, at + 2));
          }}
          style={{ lineHeight: `${LINE_HEIGHT}px` }}
          className="flex-1 resize-none overflow-auto whitespace-pre py-2 pl-2 outline-none"
          placeholder="key: my-integration&#10;name: My integration&#10;flows: …"
        />
      </div>
    </div>
  );
}
