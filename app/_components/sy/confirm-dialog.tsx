"use client";

import { useEffect, useRef } from "react";

/** A modal confirmation: focus starts on Cancel, Escape cancels, Tab stays inside. */
export function ConfirmDialog(props: { title: string; message: string; confirmLabel: string; busy: boolean; onConfirm: () => void; onCancel: () => void }) {
  const dialog = useRef<HTMLDivElement>(null);
  const cancel = useRef<HTMLButtonElement>(null);
  const { onCancel } = props;
  useEffect(() => {
    const previous = document.activeElement as HTMLElement | null;
    cancel.current?.focus();
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") {
        event.preventDefault();
        onCancel();
      }
      if (event.key === "Tab" && dialog.current) {
        const items = [...dialog.current.querySelectorAll<HTMLElement>("button:not(:disabled)")];
        const first = items[0];
        const last = items.at(-1);
        if (event.shiftKey && document.activeElement === first) {
          event.preventDefault();
          last?.focus();
        } else if (!event.shiftKey && document.activeElement === last) {
          event.preventDefault();
          first?.focus();
        }
      }
    };
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("keydown", onKey);
      previous?.focus();
    };
  }, [onCancel]);

  return (
    <div className="fixed inset-0 z-10 grid place-items-center bg-black/40 p-4" data-sy-dialog-open="">
      <div ref={dialog} role="alertdialog" aria-modal="true" aria-labelledby="confirm-title" aria-describedby="confirm-message" className="sy-card w-full max-w-sm space-y-3 p-4">
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
