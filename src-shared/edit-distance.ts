/**
 * Levenshtein distance (insertions, deletions and substitutions of one character each), in one row of memory.
 * Used to suggest the CSV column a header meant (src-main/payouts/csv-import.ts) and by a provider simulator's payee
 * check to tell a close name match from no match.
 */
export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i += 1) {
    let previous = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const current = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length]!;
}
