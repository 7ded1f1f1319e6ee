/**
 * The models and galleries a worker has open, each loaded once per process and shared by its jobs:
 * loading the detector and the encoder takes seconds, a photo well under one. A recognizer holds
 * its gallery's embeddings as read at opening, so when the gallery changes (an enrolment by this
 * worker, or any commit `Gallery.onChange` reports from another process) the next recognition
 * opens it afresh, and the old one is closed when its last job is done.
 */
import { type OpenedRecognizer, openRecognizer } from '../recognize/open-recognizer.js';
import { type EnrolmentSettings, type RecognitionSettings, recognizerOptions } from '../recognize/recognition-settings.js';
import { loadMaskSynthesizer } from '../recognize/landmark-mask-synthesizer.js';
import { type GallerySession, openGallerySession } from '../recognize/session.js';

interface Entry<T> {
  readonly source: string;
  readonly opened: Promise<T>;
  users: number;
  stale: boolean;
}

export class OpenedSources {
  private readonly recognizers = new Map<string, Entry<OpenedRecognizer>>();
  private readonly sessions = new Map<string, Entry<GallerySession>>();

  /**
   * Runs `work` with the recognizer `maskface recognize` would open for these settings.
   * `beforeOpening` runs first when it has to be loaded (the worker extends its job lock then).
   */
  async withRecognizer<T>(source: string, settings: RecognitionSettings, beforeOpening: () => Promise<void>, work: (opened: OpenedRecognizer) => Promise<T>): Promise<T> {
    const key = JSON.stringify([source, settings.detector, settings.threshold ?? null]);
    return this.use(this.recognizers, key, source, async () => {
      await beforeOpening();
      const opened = await openRecognizer(source, recognizerOptions(settings));
      let stopWatching = (): void => undefined;
      try {
        if (opened.gallery !== undefined) stopWatching = await opened.gallery.onChange(() => this.changed(source));
      } catch (err) {
        await opened.close();
        throw err;
      }
      return { ...opened, close: async () => { stopWatching(); await opened.close(); } };
    }, work);
  }

  /** Runs `work` with an enrolment session (created with the embedder if the gallery is new). */
  async withEnrolSession<T>(gallery: string, settings: EnrolmentSettings, beforeOpening: () => Promise<void>, work: (session: GallerySession) => Promise<T>): Promise<T> {
    const key = JSON.stringify([gallery, settings.embedder, settings.syntheticMasks]);
    return this.use(this.sessions, key, gallery, async () => {
      await beforeOpening();
      return openGallerySession(gallery, { create: true, embedder: settings.embedder, ...(settings.syntheticMasks ? { maskSynthesizer: () => loadMaskSynthesizer() } : {}) });
    }, work);
  }

  /** The gallery at `source` changed: recognizers opened on it are not used for new jobs. */
  changed(source: string): void {
    for (const [key, entry] of this.recognizers) {
      if (entry.source !== source) continue;
      this.recognizers.delete(key);
      entry.stale = true;
      if (entry.users === 0) void closeEntry(entry);
    }
  }

  async close(): Promise<void> {
    const entries = [...this.recognizers.values(), ...this.sessions.values()];
    this.recognizers.clear();
    this.sessions.clear();
    await Promise.all(entries.map(closeEntry));
  }

  private async use<O extends { close(): unknown }, T>(map: Map<string, Entry<O>>, key: string, source: string, open: () => Promise<O>, work: (opened: O) => Promise<T>): Promise<T> {
    let entry = map.get(key);
    if (entry === undefined) {
      entry = { source, opened: open(), users: 0, stale: false };
      map.set(key, entry);
      // A failed opening is not kept: the next job tries again (the job itself fails and is retried).
      entry.opened.catch(() => { if (map.get(key) === entry) map.delete(key); });
    }
    entry.users++;
    try {
      return await work(await entry.opened);
    } finally {
      entry.users--;
      if (entry.stale && entry.users === 0) await closeEntry(entry);
    }
  }
}

async function closeEntry(entry: Entry<{ close(): unknown }>): Promise<void> {
  try {
    await (await entry.opened).close();
  } catch {
    // It never opened: nothing to close.
  }
}
