/**
 * Tells the vendor page the frame's content height whenever it changes, so the iframe fits it.
 * The height comes from the ResizeObserver's entries, which the browser measures after its own
 * layout: nothing here forces a layout while the page is still being built (reading
 * `getBoundingClientRect()` from a script does, and in the marketplace that synchronous layout
 * was the largest part of the script's run before `ready`). The first report comes with the
 * browser's first layout of the element.
 */
import { postToParent } from "./protocol";

export function reportHeight(parentOrigin: string, element: HTMLElement): () => void {
  let last = -1;
  const observer = new ResizeObserver((entries) => {
    const entry = entries.at(-1);
    if (!entry) return;
    const box = entry.borderBoxSize?.[0];
    const height = Math.ceil(box ? box.blockSize : entry.target.getBoundingClientRect().height);
    if (height === last) return;
    last = height;
    postToParent(parentOrigin, { type: "resize", height });
  });
  observer.observe(element);
  return () => observer.disconnect();
}
