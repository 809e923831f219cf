/**
 * Holds chosen requests in flight: the app awaits `gate(key)`; a test waits for `arrived(key)`
 * and later calls `release(key)`. Keys not held pass straight through.
 */
export class Gates {
  private readonly held = new Map<string, { arrived: () => void; arrivedP: Promise<void>; release: () => void; releaseP: Promise<void> }>();

  hold(key: string): void {
    let arrived!: () => void;
    let release!: () => void;
    const arrivedP = new Promise<void>((resolve) => (arrived = resolve));
    const releaseP = new Promise<void>((resolve) => (release = resolve));
    this.held.set(key, { arrived, arrivedP, release, releaseP });
  }

  /** For the app: blocks while `key` is held. */
  readonly gate = async (key: string): Promise<void> => {
    const entry = this.held.get(key);
    if (!entry) return;
    entry.arrived();
    await entry.releaseP;
  };

  arrived(key: string): Promise<void> {
    return this.held.get(key)!.arrivedP;
  }

  release(key: string): void {
    this.held.get(key)?.release();
  }
}
