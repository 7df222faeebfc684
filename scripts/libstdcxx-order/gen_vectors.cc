// Writes test/engine/ops/libstdcxx-order.vectors.json: the orders libstdc++ gives elements with tied keys in
// std::sort (descending by key, as CombinedNonMaxSuppression's final sort) and std::priority_queue (pops by
// key, as its per-class queue), over deterministic inputs with many ties (lengths 0..70).
//   g++ -O2 -std=c++17 scripts/libstdcxx-order/gen_vectors.cc -o /tmp/gen && /tmp/gen > test/engine/ops/libstdcxx-order.vectors.json
#include <algorithm>
#include <cstdio>
#include <queue>
#include <vector>

struct Item { int id; int key; };

int main() {
  unsigned seed = 20261206;
  auto next = [&]() { seed = seed * 1103515245u + 12345u; return (seed >> 16) & 0x7fff; };
  std::printf("{\"generated_by\":\"scripts/libstdcxx-order/gen_vectors.cc\",\"cases\":[");
  bool firstCase = true;
  for (int n = 0; n <= 70; n += (n < 20 ? 1 : 5)) {
    for (int levels : {2, 5, 1000}) {
      std::vector<Item> items;
      for (int i = 0; i < n; i++) items.push_back({i, static_cast<int>(next() % levels)});
      std::vector<Item> sorted = items;
      std::sort(sorted.begin(), sorted.end(), [](const Item a, const Item b) { return b.key < a.key; });
      auto less = [](const Item a, const Item b) { return a.key < b.key; };
      std::priority_queue<Item, std::vector<Item>, decltype(less)> queue(less);
      for (const Item& it : items) queue.push(it);
      std::printf("%s{\"keys\":[", firstCase ? "" : ",");
      firstCase = false;
      for (int i = 0; i < n; i++) std::printf("%s%d", i ? "," : "", items[i].key);
      std::printf("],\"sorted\":[");
      for (int i = 0; i < n; i++) std::printf("%s%d", i ? "," : "", sorted[i].id);
      std::printf("],\"popped\":[");
      for (int i = 0; !queue.empty(); i++) { std::printf("%s%d", i ? "," : "", queue.top().id); queue.pop(); }
      std::printf("]}");
    }
  }
  std::printf("]}\n");
}
