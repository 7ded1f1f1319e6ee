/** What every route module receives from `buildApp`. */
import type { ServerConfig } from './config.js';
import type { JobQueue } from './job-queue.js';
import type { RequestMetrics } from './metrics.js';
import type { RecognitionService } from './service.js';

export interface ServerContext {
  readonly service: RecognitionService;
  readonly config: ServerConfig;
  readonly jobs: JobQueue;
  readonly metrics: RequestMetrics;
}
