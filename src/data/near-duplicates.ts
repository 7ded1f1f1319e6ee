/**
 * Near-duplicate photos of one person (frames of one event, re-encodings of one picture): a split
 * or a cross-validation that puts one copy in training and another in testing is optimistic, so
 * `dataset prepare` and the accuracy benchmark keep each group on one side.
 */

/**
 * Cosine of faceres (whole face) vectors above which two photos of one person count as
 * near-duplicates (frames of one event, re-encodings of one picture). Measured on the 364 photos of
 * the 30 test people (`bench/accuracy-near-duplicates.ts`): pairs of
 * different people reach 0.688 at their 99th percentile and 0.769 at the 99.9th, pairs of one person
 * 0.879 at their 99th; above 0.85 a pair is far more alike than two photos of one person usually
 * are. 0.85 groups 62 photos into 28 groups (0.95: 8 photos in 4 groups; 0.80: 106 in 35).
 */
export const NEAR_DUPLICATE_COSINE = 0.85;

/**
 * Near-duplicate groups: photos of one person whose vectors have a cosine above `threshold` are
 * joined (transitively, union-find), so frames of one event or re-encodings of one photo end up in
 * one group. Returns a group id per item (the index of one of its members). Vectors must be unit length.
 */
export function nearDuplicateGroups(items: readonly { readonly person: string }[], vectors: readonly Float32Array[], threshold: number): number[] {
  const parent = items.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  };
  // Pairs are compared within a person only: a prepared RMFD holds tens of thousands of photos.
  const byPerson = new Map<string, number[]>();
  items.forEach((item, i) => {
    const indices = byPerson.get(item.person);
    if (indices) indices.push(i);
    else byPerson.set(item.person, [i]);
  });
  for (const indices of byPerson.values()) {
    for (let p = 0; p < indices.length; p++) {
      for (let q = p + 1; q < indices.length; q++) {
        const i = indices[p]!;
        const j = indices[q]!;
        let dot = 0;
        const a = vectors[i]!;
        const b = vectors[j]!;
        for (let d = 0; d < a.length; d++) dot += a[d]! * b[d]!;
        if (dot > threshold) parent[find(j)] = find(i);
      }
    }
  }
  return items.map((_, i) => find(i));
}
