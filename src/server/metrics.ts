/**
 * Request counts and latencies per route, kept in memory for `GET /metrics`. Latency percentiles
 * come from the last `LATENCY_WINDOW` requests of each route, so memory stays bounded however long
 * the server runs.
 */
export const LATENCY_WINDOW = 1024;

interface RouteStats {
  count: number;
  /** Answers by status class: `2xx`, `4xx`, `5xx`. */
  readonly byStatus: Record<string, number>;
  /** Ring buffer of recent latencies, in milliseconds. */
  readonly latencies: Float64Array;
  next: number;
}

export interface LatencySummary {
  /** Requests answered since the server started. */
  readonly count: number;
  readonly byStatus: Readonly<Record<string, number>>;
  /** Percentiles over the last LATENCY_WINDOW requests, in milliseconds. */
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
}

export function percentile(sorted: ArrayLike<number>, fraction: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index] ?? 0;
}

export class RequestMetrics {
  private readonly routes = new Map<string, RouteStats>();
  readonly startedAt = Date.now();

  record(route: string, statusCode: number, latencyMs: number): void {
    let stats = this.routes.get(route);
    if (stats === undefined) {
      stats = { count: 0, byStatus: {}, latencies: new Float64Array(LATENCY_WINDOW), next: 0 };
      this.routes.set(route, stats);
    }
    stats.count += 1;
    const statusClass = `${Math.floor(statusCode / 100)}xx`;
    stats.byStatus[statusClass] = (stats.byStatus[statusClass] ?? 0) + 1;
    stats.latencies[stats.next % LATENCY_WINDOW] = latencyMs;
    stats.next += 1;
  }

  summary(): Record<string, LatencySummary> {
    const out: Record<string, LatencySummary> = {};
    for (const [route, stats] of [...this.routes].sort(([a], [b]) => a.localeCompare(b))) {
      const recent = stats.latencies.slice(0, Math.min(stats.next, LATENCY_WINDOW)).sort();
      out[route] = {
        count: stats.count,
        byStatus: { ...stats.byStatus },
        p50Ms: round(percentile(recent, 0.5)),
        p90Ms: round(percentile(recent, 0.9)),
        p99Ms: round(percentile(recent, 0.99)),
        maxMs: round(recent.length === 0 ? 0 : (recent[recent.length - 1] ?? 0)),
      };
    }
    return out;
  }
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
