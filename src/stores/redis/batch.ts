/** Runs `run` over `items`, at most `size` at a time, so a large enumeration cannot flood the client; results in input order. */
export async function runBatched<T, R>(items: T[], size: number, run: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) out.push(...(await Promise.all(items.slice(i, i + size).map(run))));
  return out;
}
