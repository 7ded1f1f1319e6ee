/** Messages between the server's main thread and the recognition worker (structured-clone safe). */
import type { ErrorCode } from '../../errors.js';
import type { GalleryServiceOptions } from '../gallery-service.js';
import type { ModelServiceOptions } from '../model-service.js';
import type { EnrolPhoto, ServiceInfo } from '../service.js';

/** What the worker opens: a gallery, or a trained model folder (it has `modelDir`). */
export type WorkerServiceSource = GalleryServiceOptions | ModelServiceOptions;

export type WorkerRequest =
  | { readonly id: number; readonly method: 'recognize'; readonly image: EnrolPhoto['image'] }
  | { readonly id: number; readonly method: 'enroll'; readonly name: string; readonly photos: readonly EnrolPhoto[] }
  | { readonly id: number; readonly method: 'removePerson'; readonly name: string }
  | { readonly id: number; readonly method: 'listPeople' }
  | { readonly id: number; readonly method: 'close' };

export interface WorkerError {
  readonly code: ErrorCode;
  readonly message: string;
  readonly file?: string;
}

/** Every answer carries the live tensor count and the service description, so the main thread reads them without a round trip. */
export type WorkerResponse =
  | { readonly id: number; readonly ok: true; readonly result: unknown; readonly tensors: number; readonly info: ServiceInfo }
  | { readonly id: number; readonly ok: false; readonly error: WorkerError; readonly tensors: number; readonly info: ServiceInfo };

export type WorkerStartup =
  | { readonly type: 'ready'; readonly info: ServiceInfo; readonly tensors: number }
  | { readonly type: 'failed'; readonly error: WorkerError };
