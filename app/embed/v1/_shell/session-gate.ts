/**
 * The frame's session token, kept in memory only. Pages render before the exchange has finished;
 * their requests wait here for the token instead of going out without one.
 */
export class SessionGate {
  private current: string | null = null;
  private waiting: ((token: string) => void)[] = [];

  get token(): string | null {
    return this.current;
  }

  set(token: string): void {
    this.current = token;
    for (const resolve of this.waiting.splice(0)) resolve(token);
  }

  clear(): void {
    this.current = null;
  }

  /** The token now, or once the exchange has set it. */
  next(): Promise<string> {
    return this.current ? Promise.resolve(this.current) : new Promise((resolve) => this.waiting.push(resolve));
  }
}
