/**
 * Runs tasks one at a time per key, in call order. Stores whose backend cannot apply a
 * read-modify-write atomically use it so that concurrent patches of one session in this process
 * cannot overwrite each other (it does not coordinate separate processes).
 */
export class KeyQueue {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const result = previous.then(task, task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
