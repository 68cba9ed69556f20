/**
 * Splits `budget` over pieces of the given sizes fairly (water-filling): pieces smaller than an
 * equal share get all they need and the rest share what is left equally. Returns each piece's
 * allowance, in input order; the allowances never sum to more than `budget`.
 */
export function shareBudget(sizes: readonly number[], budget: number): number[] {
  const allowances = sizes.map(() => 0);
  const order = sizes.map((size, index) => ({ size: Math.max(0, size), index })).sort((a, b) => a.size - b.size || a.index - b.index);
  let left = Math.max(0, Math.floor(budget));
  let count = order.length;
  for (const { size, index } of order) {
    const given = Math.min(size, Math.floor(left / count));
    allowances[index] = given;
    left -= given;
    count--;
  }
  return allowances;
}
