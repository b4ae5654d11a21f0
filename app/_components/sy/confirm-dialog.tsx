"use client";

import { useRef } from "react";
import { useDialogFocus } from "./use-dialog-focus";

/** A modal confirmation: focus starts on Cancel, Escape cancels, Tab stays inside. */
export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const { onCancel } = props;
  useDialogFocus(dialog, cancel, onCancel);

  return (
    <div className="fixed inset-0 z-10 grid place-items-center bg-black/40 p-4" data-sy-dialog-open="">
      <div
        ref={dialog}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby="confirm-title"
        aria-describedby="confirm-message"
        className="sy-card w-full max-w-sm space-y-3 p-4"
      >
        <h2 id="confirm-title" className="font-semibold">
          {props.title}
        </h2>
        <p id="confirm-message" className="sy-muted text-sm">
          {props.message}
        </p>
        <div className="flex justify-end gap-2">
          <button ref={cancel} type="button" className="sy-btn" onClick={props.onCancel} disabled={props.busy}>
            Cancel
          </button>
          <button type="button" className="sy-btn sy-btn-danger" onClick={props.onConfirm} disabled={props.busy}>
            {props.confirmLabel}
          </button>
        </div>
      </div>
    </div>
  );
}
