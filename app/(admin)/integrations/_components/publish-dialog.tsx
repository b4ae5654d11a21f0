"use client";

import { useId, useRef, useState } from "react";
import { useDialogFocus } from "@/app/_components/sy/use-dialog-focus";
import { ErrorNote } from "../../_components/ui";
import { ConsoleSyTheme } from "../../_components/sy-theme";

interface Props {
  version: number;
  /** Notes the draft was saved with (the manifest's `releaseNotes`), to start from. */
  initialNotes: string | null;
  busy: boolean;
  error: { message: string } | null;
  onPublish(releaseNotes: string): void;
  onCancel(): void;
}

/**
 * Asks before a version is published (it can never change afterwards) and takes the release notes
 * customers read when the upgrade is offered. Escape cancels, Tab stays inside; Ctrl+Enter publishes.
 */
export function PublishDialog({ version, initialNotes, busy, error, onPublish, onCancel }: Props) {
  const [notes, setNotes] = useState(initialNotes ?? "");
  const dialog = useRef<HTMLFormElement>(null);
  const notesField = useRef<HTMLTextAreaElement>(null);
  const id = useId();

  useDialogFocus(dialog, notesField, onCancel);

  return (
    <ConsoleSyTheme>
      <div className="fixed inset-0 z-10 grid place-items-center bg-black/40 p-4" data-sy-dialog-open="">
        <form
          ref={dialog}
          role="dialog"
          aria-modal="true"
          aria-labelledby={`${id}-title`}
          aria-describedby={`${id}-message`}
          className="sy-card w-full max-w-lg space-y-3 p-4"
          onSubmit={(event) => {
            event.preventDefault();
            onPublish(notes);
          }}
        >
          <h2 id={`${id}-title`} className="font-semibold">
            Publish version {version}?
          </h2>
          <p id={`${id}-message`} className="sy-muted text-sm">
            New activations get version {version} from now on, and customers on an older version are offered the upgrade with these notes. A published version
            never changes: later edits become a new draft.
          </p>
          <label className="block space-y-1 text-sm">
            <span className="font-medium">Release notes</span>
            <textarea
              ref={notesField}
              rows={4}
              maxLength={2000}
              value={notes}
              onChange={(event) => setNotes(event.target.value)}
              onKeyDown={(event) => {
                if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) event.currentTarget.form?.requestSubmit();
              }}
              placeholder="What changed for your customers, e.g. “Comments now sync both ways.”"
              className="block w-full rounded-md border border-slate-300 px-2.5 py-1.5 text-sm shadow-sm outline-none focus:ring-2 focus:ring-brand-500"
            />
            <span className="sy-muted block text-xs">Shown to customers beside the upgrade. Optional; up to 2000 characters.</span>
          </label>
          <ErrorNote error={error} />
          <div className="flex justify-end gap-2">
            <button type="button" className="sy-btn" onClick={onCancel} disabled={busy}>
              Cancel
            </button>
            <button type="submit" className="sy-btn sy-btn-primary" disabled={busy}>
              {busy ? "Publishing…" : `Publish v${version}`}
            </button>
          </div>
        </form>
      </div>
    </ConsoleSyTheme>
  );
}
