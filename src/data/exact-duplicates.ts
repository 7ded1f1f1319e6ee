/**
 * Exact duplicates (the same bytes, by SHA-256): a file in two people's folders cannot be labelled,
 * so every copy goes; a file twice in one person's folders keeps its first copy. `dataset prepare`
 * reports each case; the benchmarks and `fit-backbone` only need the photos that are left.
 */
export function withoutExactDuplicates<T extends { readonly hash: string; readonly person: string }>(items: readonly T[]): T[] {
  const owners = new Map<string, Set<string>>();
  for (const p of items) owners.set(p.hash, (owners.get(p.hash) ?? new Set()).add(p.person));
  const seen = new Set<string>();
  return items.filter((p) => {
    if (owners.get(p.hash)!.size > 1 || seen.has(p.hash)) return false;
    seen.add(p.hash);
    return true;
  });
}
