/**
 * The recognition worker thread: it owns the gallery, the detector and the embedder
 * (`openGalleryService`), or a trained model folder (`openModelService`), and answers the main thread's requests one at a time, so model inference
 * never blocks the HTTP event loop.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { MaskfaceError, isMaskfaceError } from '../../errors.js';
import { openGalleryService } from '../gallery-service.js';
import { openModelService } from '../model-service.js';
import type { RecognitionService } from '../service.js';
import type { WorkerError, WorkerRequest, WorkerResponse, WorkerServiceSource, WorkerStartup } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('recognition-worker.ts runs as a worker thread (see worker-service.ts)');

function toWorkerError(err: unknown): WorkerError {
  if (isMaskfaceError(err)) return { code: err.code, message: err.message, ...(err.file === undefined ? {} : { file: err.file }) };
  console.error('maskface recognition worker:', err);
  return { code: 'MF_INTERNAL', message: 'internal error in the recognition worker: the server logged the details.' };
}

async function answer(service: RecognitionService, request: WorkerRequest): Promise<unknown> {
  switch (request.method) {
    case 'recognize':
      return service.recognize(request.image);
    case 'enroll':
      return service.enroll(request.name, request.photos);
    case 'removePerson':
      return service.removePerson(request.name);
    case 'listPeople':
      return service.listPeople();
    case 'close':
      await service.close();
      port?.close();
      return undefined;
    default:
      throw new MaskfaceError('MF_INTERNAL', `unknown worker request ${JSON.stringify(request)}`);
  }
}

let service: RecognitionService;
try {
  const { options } = workerData as { options: WorkerServiceSource };
  service = 'modelDir' in options ? await openModelService(options) : await openGalleryService(options);
} catch (err) {
  port.postMessage({ type: 'failed', error: toWorkerError(err) } satisfies WorkerStartup);
  process.exit(1);
}
// Requests are answered strictly in order: the main thread's job queue already bounds how many wait.
let chain = Promise.resolve();
port.on('message', (request: WorkerRequest) => {
  chain = chain.then(async () => {
    let response: WorkerResponse;
    try {
      const result = await answer(service, request);
      response = { id: request.id, ok: true, result, tensors: service.tensorCount(), info: service.info };
    } catch (err) {
      response = { id: request.id, ok: false, error: toWorkerError(err), tensors: service.tensorCount(), info: service.info };
    }
    port.postMessage(response);
  });
});
port.postMessage({ type: 'ready', info: service.info, tensors: service.tensorCount() } satisfies WorkerStartup);
