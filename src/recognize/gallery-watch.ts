/**
 * A value built from a gallery (the server's `GalleryRecognizer`, whose index holds every
 * embedding in memory) kept current while other processes write to the gallery: each change they
 * commit (`Gallery.onChange`) rebuilds it in the background, and readers keep the previous value
 * until the new one is complete. This process's own writes call `refresh()` and wait for it, so a
 * request that enrolled someone is answered with them included.
 */
import type { Gallery } from './gallery.js';

export class GalleryWatch<T> {
  private value: T;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  /** A background rebuild failed: the next `current()` rebuilds again and reports its error. */
  private failed = false;
  private unsubscribe: () => void = () => undefined;
  /** Rebuilds completed since the watch started, for tests and logs. */
  rebuilds = 0;

  private constructor(private readonly build: () => Promise<T>, first: T) {
    this.value = first;
  }

  /** Builds the first value, then watches the gallery for changes made through other connections. */
  static async start<T>(gallery: Gallery, build: () => Promise<T>): Promise<GalleryWatch<T>> {
    const watch = new GalleryWatch(build, await build());
    watch.unsubscribe = await gallery.onChange((change) => {
      if (change.local) return;
      watch.refresh().catch((err: unknown) => {
        watch.failed = true;
        console.error(`maskface: ${gallery.location}: reloading after a change by another process failed (${(err as Error).message}); the next request reloads again.`);
      });
    });
    return watch;
  }

  /** The latest complete value (after a failed background rebuild: a new one, or its error). */
  async current(): Promise<T> {
    if (this.failed) await this.refresh();
    return this.value;
  }

  /** The latest complete value, without waiting. */
  get latest(): T {
    return this.value;
  }

  /**
   * Rebuilds from the gallery as it is now. A call during a rebuild queues one more (the running
   * one may have read the gallery before the change), and calls meanwhile share that one.
   */
  refresh(): Promise<void> {
    if (this.queued !== undefined) return this.queued;
    if (this.running !== undefined) {
      this.queued = this.running.catch(() => undefined).then(() => {
        this.queued = undefined;
        return this.refresh();
      });
      return this.queued;
    }
    this.running = this.build().then(
      (value) => {
        this.value = value;
        this.failed = false;
        this.rebuilds++;
        this.running = undefined;
      },
      (err: unknown) => {
        this.running = undefined;
        throw err;
      },
    );
    return this.running;
  }

  /** Stops watching (the gallery stays open: it belongs to the caller). */
  stop(): void {
    this.unsubscribe();
  }
}
