import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LruList } from './lru-list.js';

interface Item {
  name: string;
  older: Item | undefined;
  newer: Item | undefined;
}

const item = (name: string): Item => ({ name, older: undefined, newer: undefined });

// Both directions, so a broken back link shows too.
function names(list: LruList<Item>): string[] {
  const forward: string[] = [];
  for (let at = list.oldest; at !== undefined; at = at.newer) forward.push(at.name);
  const backward: string[] = [];
  for (let at = list.newest; at !== undefined; at = at.older) backward.push(at.name);
  assert.deepEqual(backward.reverse(), forward);
  return forward;
}

test('LruList keeps items oldest first through push, use and remove (against an array model)', () => {
  const list = new LruList<Item>();
  const items = Array.from({ length: 8 }, (_, i) => item(`i${i}`));
  let model: Item[] = [];
  let seed = 0xc0ffee;
  const random = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) % n;
  for (let step = 0; step < 5000; step++) {
    const it = items[random(items.length)]!;
    const held = model.includes(it);
    const op = random(3);
    if (op === 0 && !held) {
      list.push(it);
      model.push(it);
    } else if (op === 1 && held) {
      list.use(it);
      model = [...model.filter((m) => m !== it), it];
    } else if (op === 2) {
      list.remove(it); // an item out of the list is left alone
      model = model.filter((m) => m !== it);
    }
    assert.deepEqual(names(list), model.map((m) => m.name), `step ${step}`);
  }
});

test('LruList: using the newest item changes nothing; remove on an item in no list keeps the list', () => {
  const list = new LruList<Item>();
  const [a, b, stray] = [item('a'), item('b'), item('stray')];
  list.push(a);
  list.push(b);
  list.use(b);
  assert.deepEqual(names(list), ['a', 'b']);
  list.remove(stray);
  assert.deepEqual(names(list), ['a', 'b']);
  list.remove(a);
  list.remove(b);
  assert.deepEqual(names(list), []);
  assert.equal(list.oldest, undefined);
  assert.equal(list.newest, undefined);
});
