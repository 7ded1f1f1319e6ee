/**
 * A `RecognitionService` that runs the real one (`openGalleryService`, or `openModelService` for a
 * trained model folder) in a worker thread.
 * TensorFlow.js on wasm computes synchronously, so in the main thread one recognition (~0.5 s on
 * this 2-core machine) would stall every other request; in a worker, /health, /people and refused
 * uploads are answered while recognitions run. Photos cross the thread boundary by transfer.
 */
import { Worker } from 'node:worker_threads';
import { MaskfaceError } from '../errors.js';
import type { RgbImage } from '../image/types.js';
import type { Gallery } from '../recognize/gallery.js';
import { openGallery } from '../recognize/open-gallery.js';
import { toPersonSummary } from './gallery-service.js';
import type { EnrollResult, PersonSummary, RecognitionService, RecognizedFace, ServiceInfo } from './service.js';
import type { WorkerError, WorkerRequest, WorkerResponse, WorkerServiceSource, WorkerStartup } from './worker/protocol.js';

/** Compiled (dist/, `npm run build`) or run from the TypeScript sources through tsx. */
const COMPILED = import.meta.url.endsWith('.js');
// Worker threads do not inherit tsx's loader: from the sources, boot.mjs registers it first.
const BOOT = new URL('./worker/boot.mjs', import.meta.url);
const ENTRY = new URL(`./worker/recognition-worker.${COMPILED ? 'js' : 'ts'}`, import.meta.url);

type Pending = { resolve: (value: unknown) => void; reject: (err: unknown) => void };
type RequestBody = WorkerRequest extends infer R ? (R extends WorkerRequest ? Omit<R, 'id'> : never) : never;

/** A gallery (`galleryPath`) or a trained model folder (`modelDir`), and what to do if the worker dies. */
export type WorkerServiceOptions = WorkerServiceSource & {
  /** Called if the worker stops on its own (a crash): the service cannot answer any more. */
  readonly onWorkerExit?: (code: number) => void;
};

function fromWorkerError(error: WorkerError): MaskfaceError {
  return new MaskfaceError(error.code, error.message, error.file === undefined ? {} : { file: error.file });
}

/** The pixels cross by transfer when the image owns its whole buffer, by copy otherwise. */
function transferable(image: RgbImage): { image: RgbImage; transfer: ArrayBuffer[] } {
  const { data } = image;
  if (data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.byteLength === data.buffer.byteLength) {
    return { image, transfer: [data.buffer] };
  }
  const copy = data.slice();
  return { image: { width: image.width, height: image.height, data: copy }, transfer: [copy.buffer] };
}

export async function openWorkerService(options: WorkerServiceOptions): Promise<RecognitionService> {
  const { onWorkerExit, ...serviceOptions } = options;
  const worker = new Worker(COMPILED ? ENTRY : BOOT, { workerData: { entry: ENTRY.href, options: serviceOptions } });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let closing = false;
  let stopped: MaskfaceError | undefined;

  const startup = await new Promise<WorkerStartup>((resolve, reject) => {
    const onExit = (code: number) => reject(new MaskfaceError('MF_INTERNAL', `the recognition worker exited with code ${code} while loading.`));
    // Only our own listeners are removed: the worker keeps internal ones that start its message port.
    const done = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
    };
    const onMessage = (message: WorkerStartup) => {
      done();
      resolve(message);
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
  if (startup.type === 'failed') {
    await worker.terminate();
    throw fromWorkerError(startup.error);
  }
  // Listing people is a cheap read: the main thread answers it from its own read connection (SQLite
  // WAL lets it read while the worker writes; PostgreSQL readers never wait for writers) instead of
  // queueing it behind recognitions. A model's classes never change: they are asked for once, below, and kept.
  let reader: Gallery | undefined;
  try {
    reader = 'galleryPath' in serviceOptions ? await openGallery(serviceOptions.galleryPath) : undefined;
  } catch (err) {
    await worker.terminate();
    throw err;
  }
  let info: ServiceInfo = startup.info;
  let tensors = startup.tensors;

  worker.on('message', (response: WorkerResponse) => {
    info = response.info;
    tensors = response.tensors;
    const waiting = pending.get(response.id);
    pending.delete(response.id);
    if (response.ok) waiting?.resolve(response.result);
    else waiting?.reject(fromWorkerError(response.error));
  });
  worker.on('error', (err) => console.error('maskface recognition worker failed:', err));
  worker.on('exit', (code) => {
    stopped = new MaskfaceError('MF_INTERNAL', `the recognition worker stopped (exit code ${code}): restart the server.`);
    for (const waiting of pending.values()) waiting.reject(stopped);
    pending.clear();
    if (!closing) onWorkerExit?.(code);
  });

  const call = <T>(body: RequestBody, transfer: ArrayBuffer[] = []): Promise<T> => {
    if (stopped !== undefined) return Promise.reject(stopped);
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...body, id }, transfer);
    });
  };
  const modelClasses = reader === undefined ? await call<PersonSummary[]>({ method: 'listPeople' }) : undefined;

  return {
    get info() {
      return info;
    },
    recognize(image) {
      const moved = transferable(image);
      return call<RecognizedFace[]>({ method: 'recognize', image: moved.image }, moved.transfer);
    },
    enroll(name, photos) {
      const moved = photos.map((p) => ({ ...p, ...transferable(p.image) }));
      return call<EnrollResult>(
        { method: 'enroll', name, photos: moved.map(({ image, label, sha256 }) => ({ image, label, sha256 })) },
        moved.flatMap((m) => m.transfer),
      );
    },
    listPeople: async () => (reader === undefined ? [...(modelClasses ?? [])] : (await reader.people()).map(toPersonSummary)),
    removePerson: (name) => call<void>({ method: 'removePerson', name }),
    tensorCount: () => tensors,
    async close() {
      await reader?.close();
      if (stopped !== undefined) return;
      closing = true;
      const exited = new Promise((resolve) => worker.once('exit', resolve));
      await call<void>({ method: 'close' }).catch(() => undefined);
      await exited;
    },
  };
}
