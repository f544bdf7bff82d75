// The one cache mechanism of the core: values derived from immutable snapshot parts, held weakly
// by the object (or list of objects) they derive from, so superseded data goes with its source.

/** `f(k)` computed once per object `k`; forgotten when `k` is collected. */
export function memo<K extends object, V>(f: (k: K) => V): (k: K) => V {
  const cache = new WeakMap<K, V>();
  return (k) => {
    if (cache.has(k)) return cache.get(k) as V;
    const v = f(k);
    cache.set(k, v);
    return v;
  };
}

interface Node<K extends object, V> {
  next: WeakMap<K, Node<K, V>>;
  value?: V;
  has: boolean;
}

/**
 * `f(list)` computed once per sequence of objects (compared by identity, in order), held in a trie
 * of WeakMaps: when any object of the list is collected, the value is unreachable. Nothing here
 * keeps a superseded bibliography's index alive.
 */
export function memoList<K extends object, V>(f: (list: readonly K[]) => V): (list: readonly K[]) => V {
  const root: Node<K, V> = { next: new WeakMap(), has: false };
  return (list) => {
    let node = root;
    for (const k of list) {
      let child = node.next.get(k);
      if (!child) node.next.set(k, (child = { next: new WeakMap(), has: false }));
      node = child;
    }
    if (!node.has) {
      node.value = f(list);
      node.has = true;
    }
    return node.value as V;
  };
}
