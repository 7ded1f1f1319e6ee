/**
 * The open-set threshold, chosen from scores measured inside the training data only: genuine scores
 * (a held-out training photo against its own person) and impostor scores (the same photo against
 * the best other person, standing in for a stranger who resembles someone enrolled).
 */
import { invalidArgument } from '../errors.js';

/**
 * The lowest threshold whose false-accept rate on `impostor` scores is at most `targetFalseAccept`
 * (scores at or above the threshold are accepted); the midpoint between neighbouring scores, so a
 * new score equal to a training score is not decided by rounding.
 */
export function thresholdForFalseAccept(impostor: readonly number[], targetFalseAccept: number): number {
  if (impostor.length === 0) throw invalidArgument('impostor scores', 'at least one score', 0);
  if (!(targetFalseAccept >= 0 && targetFalseAccept < 1)) throw invalidArgument('target false-accept rate', 'a number in [0, 1)', targetFalseAccept);
  const sorted = [...impostor].sort((a, b) => b - a);
  const allowed = Math.floor(targetFalseAccept * sorted.length);
  // Accepting the `allowed` highest impostors: the threshold sits between sorted[allowed-1] and sorted[allowed].
  const below = sorted[allowed]!;
  const above = allowed > 0 ? sorted[allowed - 1]! : below + 1e-3;
  return (below + above) / 2;
}
