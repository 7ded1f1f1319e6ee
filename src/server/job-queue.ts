/**
 * Recognition and enrolment are CPU-bound and share one TensorFlow.js engine, so the server runs
 * at most `concurrency` of them at once and lets the rest wait in a bounded queue: under load,
 * requests get slower instead of piling up decoded photos in memory, and when even the queue is
 * full the answer is an honest 503 `MF_BUSY`.
 */
import { MaskfaceError } from '../errors.js';

export class JobQueue {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly concurrency: number,
    private readonly maxQueued: number,
  ) {}

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(job: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await job();
    } finally {
      this.release();
    }
  }

  private acquire(): Promise<void> {
    if (this.running < this.concurrency) {
      this.running += 1;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.maxQueued) {
      return Promise.reject(
        new MaskfaceError('MF_BUSY', `the server is busy: ${this.running} jobs running and ${this.waiting.length} waiting. Retry in a few seconds.`),
      );
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next === undefined) this.running -= 1;
    else next();
  }
}
