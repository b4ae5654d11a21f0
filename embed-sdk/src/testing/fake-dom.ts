/**
 * The few DOM pieces the SDK touches, small enough to read: elements with a tree, attributes,
 * styles and listeners; a document with focus; windows that record what is posted to them.
 * Focus and keyboard events are dispatched where the SDK listens (element and document), which
 * is where bubbling would bring them in a browser.
 */
type Listener = (event: FakeEvent) => void;

export interface FakeEvent {
  type: string;
  target?: unknown;
  [key: string]: unknown;
}

export class FakeEventTarget {
  private readonly listeners = new Map<string, Set<Listener>>();

  addEventListener(type: string, listener: Listener): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(listener);
  }

  removeEventListener(type: string, listener: Listener): void {
    this.listeners.get(type)?.delete(listener);
  }

  dispatchEvent(event: FakeEvent): boolean {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) listener(event);
    return true;
  }

  listenerCount(type: string): number {
    return this.listeners.get(type)?.size ?? 0;
  }
}

export class FakeWindow extends FakeEventTarget {
  readonly posted: { data: unknown; targetOrigin: string }[] = [];
  readonly document: FakeDocument;

  constructor(readonly location: { origin: string }) {
    super();
    this.document = new FakeDocument(this);
  }

  postMessage(data: unknown, targetOrigin: string): void {
    this.posted.push({ data, targetOrigin });
  }

  /** Delivers a message event as the browser would after `source.postMessage(data, ...)`. */
  receive(data: unknown, from: { origin: string; source: unknown }): void {
    this.dispatchEvent({ type: "message", data, origin: from.origin, source: from.source });
  }
}

export class FakeElement extends FakeEventTarget {
  readonly children: FakeElement[] = [];
  parentNode: FakeElement | null = null;
  readonly style: Record<string, string> = {};
  readonly attributes = new Map<string, string>();
  textContent = "";
  tabIndex = -1;
  type = "";
  title = "";
  src = "";
  private readonly frameWindow: FakeWindow | undefined;

  constructor(
    readonly tagName: string,
    readonly ownerDocument: FakeDocument,
  ) {
    super();
    if (tagName === "IFRAME") this.frameWindow = new FakeWindow({ origin: "null" });
  }

  /** Like a browser: an iframe has a window only while it is in the document. */
  get contentWindow(): FakeWindow | null {
    return this.frameWindow && this.isConnected ? this.frameWindow : null;
  }

  get isConnected(): boolean {
    let node: FakeElement | null = this;
    while (node.parentNode) node = node.parentNode;
    return node === this.ownerDocument.body;
  }

  get firstElementChild(): FakeElement | null {
    return this.children[0] ?? null;
  }

  get id(): string {
    return this.getAttribute("id") ?? "";
  }

  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }

  getAttribute(name: string): string | null {
    return this.attributes.get(name) ?? null;
  }

  appendChild(child: FakeElement): FakeElement {
    child.remove();
    child.parentNode = this;
    this.children.push(child);
    return child;
  }

  append(...children: FakeElement[]): void {
    for (const child of children) this.appendChild(child);
  }

  remove(): void {
    if (!this.parentNode) return;
    const siblings = this.parentNode.children;
    siblings.splice(siblings.indexOf(this), 1);
    this.parentNode = null;
    if (this.ownerDocument.activeElement && !this.ownerDocument.activeElement.isConnected) {
      this.ownerDocument.activeElement = this.ownerDocument.body;
    }
  }

  contains(node: unknown): boolean {
    for (let current = node as FakeElement | null; current; current = current.parentNode) if (current === this) return true;
    return false;
  }

  focus(): void {
    this.ownerDocument.activeElement = this;
    this.dispatchEvent({ type: "focus", target: this });
    this.ownerDocument.dispatchEvent({ type: "focusin", target: this });
  }

  click(): void {
    this.dispatchEvent({ type: "click", target: this });
  }

  /** Depth-first walk, this element included. */
  *walk(): Generator<FakeElement> {
    yield this;
    for (const child of this.children) yield* child.walk();
  }
}

export class FakeDocument extends FakeEventTarget {
  readonly body: FakeElement;
  activeElement: FakeElement | null;

  constructor(readonly defaultView: FakeWindow) {
    super();
    this.body = new FakeElement("BODY", this);
    this.activeElement = this.body;
  }

  createElement(tagName: string): FakeElement {
    return new FakeElement(tagName.toUpperCase(), this);
  }

  /** Only `#id` selectors: that is all the tests use. */
  querySelector(selector: string): FakeElement | null {
    if (!selector.startsWith("#")) throw new Error(`fake DOM supports #id selectors only, got ${selector}`);
    for (const element of this.body.walk()) if (element.id === selector.slice(1)) return element;
    return null;
  }

  /** Dispatches a key press at the focused element, as far as the document. */
  pressKey(key: string): { defaultPrevented: boolean } {
    const result = { defaultPrevented: false };
    this.dispatchEvent({ type: "keydown", key, target: this.activeElement, preventDefault: () => (result.defaultPrevented = true) });
    return result;
  }

  all(tagName: string): FakeElement[] {
    return [...this.body.walk()].filter((element) => element.tagName === tagName.toUpperCase());
  }
}

export function createFakePage(origin = "https://vendor.example") {
  const window = new FakeWindow({ origin });
  return { window, document: window.document, asWindow: window as unknown as Window };
}
