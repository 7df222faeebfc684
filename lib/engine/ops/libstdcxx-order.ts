// The orders libstdc++ gives equal elements, for kernels whose output order among ties comes from them:
// std::priority_queue (push_heap / pop_heap, bits/stl_heap.h) and std::sort (introsort with median-of-three
// pivots, then insertion sort, bits/stl_algo.h). Neither is stable, but both are deterministic, so TF's answer
// among tied scores is reproducible: CombinedNonMaxSuppression ranks candidates with them (op sweep).
// `less(a, b)` is the C++ comparator: a sorts before b when less(a, b); the heap's top is its greatest element.
type Less<T> = (a: T, b: T) => boolean;

function pushHeapAt<T>(h: T[], hole: number, top: number, value: T, less: Less<T>): void {
  let parent = Math.floor((hole - 1) / 2);
  while (hole > top && less(h[parent], value)) {
    h[hole] = h[parent];
    hole = parent;
    parent = Math.floor((hole - 1) / 2);
  }
  h[hole] = value;
}

/** __adjust_heap over h[0, len). */
function adjustHeap<T>(h: T[], hole: number, len: number, value: T, less: Less<T>): void {
  const top = hole;
  let second = hole;
  while (second < Math.floor((len - 1) / 2)) {
    second = 2 * (second + 1);
    if (less(h[second], h[second - 1])) second--;
    h[hole] = h[second];
    hole = second;
  }
  if ((len & 1) === 0 && second === Math.floor((len - 2) / 2)) {
    second = 2 * (second + 1);
    h[hole] = h[second - 1];
    hole = second - 1;
  }
  pushHeapAt(h, hole, top, value, less);
}

/** std::pop_heap over h[0, len): the greatest moves to h[len - 1]. */
function popHeap<T>(h: T[], len: number, less: Less<T>): void {
  if (len < 2) return;
  const value = h[len - 1];
  h[len - 1] = h[0];
  adjustHeap(h, 0, len - 1, value, less);
}

/** std::priority_queue<T, std::vector<T>, Less>. */
export class StdPriorityQueue<T> {
  private readonly items: T[] = [];
  constructor(private readonly less: Less<T>) {}
  get size(): number {
    return this.items.length;
  }
  push(v: T): void {
    this.items.push(v);
    pushHeapAt(this.items, this.items.length - 1, 0, v, this.less);
  }
  /** top() then pop(). */
  pop(): T {
    popHeap(this.items, this.items.length, this.less);
    return this.items.pop()!;
  }
}

function swap<T>(a: T[], i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function moveMedianToFirst<T>(a: T[], result: number, x: number, y: number, z: number, less: Less<T>): void {
  if (less(a[x], a[y])) {
    if (less(a[y], a[z])) swap(a, result, y);
    else if (less(a[x], a[z])) swap(a, result, z);
    else swap(a, result, x);
  } else if (less(a[x], a[z])) swap(a, result, x);
  else if (less(a[y], a[z])) swap(a, result, z);
  else swap(a, result, y);
}

function unguardedPartition<T>(a: T[], first: number, last: number, pivot: number, less: Less<T>): number {
  for (;;) {
    while (less(a[first], a[pivot])) first++;
    last--;
    while (less(a[pivot], a[last])) last--;
    if (!(first < last)) return first;
    swap(a, first, last);
    first++;
  }
}

function heapSortRange<T>(a: T[], first: number, last: number, less: Less<T>): void {
  const h = a.slice(first, last);
  for (let parent = Math.floor((h.length - 2) / 2); h.length >= 2 && parent >= 0; parent--) adjustHeap(h, parent, h.length, h[parent], less);
  for (let len = h.length; len > 1; len--) popHeap(h, len, less);
  for (let i = 0; i < h.length; i++) a[first + i] = h[i];
}

function introsortLoop<T>(a: T[], first: number, last: number, depth: number, less: Less<T>): void {
  while (last - first > 16) {
    if (depth === 0) {
      heapSortRange(a, first, last, less);
      return;
    }
    depth--;
    const mid = first + Math.floor((last - first) / 2);
    moveMedianToFirst(a, first, first + 1, mid, last - 1, less);
    const cut = unguardedPartition(a, first + 1, last, first, less);
    introsortLoop(a, cut, last, depth, less);
    last = cut;
  }
}

function linearInsert<T>(a: T[], last: number, less: Less<T>): void {
  const value = a[last];
  let next = last - 1;
  while (less(value, a[next])) {
    a[last] = a[next];
    last = next;
    next--;
  }
  a[last] = value;
}

function insertionSort<T>(a: T[], first: number, last: number, less: Less<T>): void {
  for (let i = first + 1; i < last; i++) {
    if (less(a[i], a[first])) {
      const value = a[i];
      for (let k = i; k > first; k--) a[k] = a[k - 1];
      a[first] = value;
    } else linearInsert(a, i, less);
  }
}

/** std::sort(a.begin(), a.end(), less), in place. */
export function stdSort<T>(a: T[], less: Less<T>): void {
  const n = a.length;
  if (n < 2) return;
  introsortLoop(a, 0, n, 2 * (31 - Math.clz32(n)), less); // 2·__lg(n)
  if (n > 16) {
    insertionSort(a, 0, 16, less);
    for (let i = 16; i < n; i++) linearInsert(a, i, less);
  } else insertionSort(a, 0, n, less);
}
