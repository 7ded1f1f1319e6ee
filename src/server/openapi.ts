/**
 * The OpenAPI 3 document served at `GET /openapi.json`, written by hand. A test (app.test.ts)
 * checks that every route the app registers is documented here and every documented route exists.
 */
import type { ServerConfig } from './config.js';

const json = (schema: object) => ({ 'application/json': { schema } });
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const errorResponse = (description: string) => ({ description, content: json(ref('Error')) });

const ERROR_CODES_BY_STATUS = {
  '400': 'MF_MISSING_FIELD (a field is missing, or the body is not multipart), MF_BAD_MULTIPART (a multipart body without its boundary or closing boundary) or MF_INVALID_ARGUMENT (bad name, unexpected field)',
  '401': 'MF_UNAUTHORIZED: missing or wrong x-api-key',
  '404': 'MF_UNKNOWN_PERSON or MF_ROUTE_NOT_FOUND',
  '409': 'MF_READ_ONLY: the server recognises with a trained model (maskface serve --model); enrolment needs a gallery (--gallery) or retraining with maskface train',
  '413': 'MF_PAYLOAD_TOO_LARGE (file or form over the limits) or MF_IMAGE_TOO_LARGE (too many pixels)',
  '415': 'MF_UNREADABLE_IMAGE: not an image, or a truncated one',
  '422': 'MF_NO_FACE: no face found in an enrolment photo',
  '503': 'MF_BUSY: the job queue is full; retry after the seconds of the Retry-After header',
} as const;

export function buildOpenApiDocument(config: ServerConfig): object {
  const limits = `Limits: ${config.maxUploadBytes} bytes a file, ${config.maxImagePixels} pixels and ${config.maxImageSide} pixels a side a photo.`;
  const err = (...statuses: Array<keyof typeof ERROR_CODES_BY_STATUS>) =>
    Object.fromEntries(statuses.map((s) => [s, errorResponse(ERROR_CODES_BY_STATUS[s])]));
  const asset = (summary: string, type: string) => ({
    get: { summary, tags: ['page'], responses: { '200': { description: summary, content: { [type]: { schema: { type: 'string' } } } } } },
  });
  return {
    openapi: '3.0.3',
    info: {
      title: 'maskface',
      version: '0.1.0',
      description: `Recognise people with or without a face mask. Errors are JSON { error: { code, message } } with stable codes. ${limits}`,
    },
    components: {
      securitySchemes: { apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' } },
      schemas: {
        Error: {
          type: 'object', required: ['error'],
          properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string', example: 'MF_UNKNOWN_PERSON' }, message: { type: 'string' } } } },
        },
        Box: {
          type: 'object', required: ['x', 'y', 'width', 'height'], description: 'In pixels of the uploaded photo after EXIF rotation.',
          properties: { x: { type: 'number' }, y: { type: 'number' }, width: { type: 'number' }, height: { type: 'number' } },
        },
        Face: {
          type: 'object', required: ['box', 'detectionScore', 'name', 'confidence', 'threshold', 'masked', 'maskScore'],
          properties: {
            box: ref('Box'),
            detectionScore: { type: 'number', minimum: 0, maximum: 1 },
            name: { type: 'string', description: 'The enrolled person (a class of the model with --model), or "unknown" under the threshold.' },
            confidence: { type: 'number', minimum: -1, maximum: 1, description: 'Score of the best match (see service.source and service.method of /health): cosine similarity in [-1, 1] over a gallery, class probability in [0, 1] over a classifier model, cosine in the projected space over an lda model; the name is "unknown" below this face\'s threshold.' },
            threshold: { type: 'number', description: 'The threshold this face was held to: its own for a masked or an unmasked face when the gallery has both (service.thresholds), else service.threshold.' },
            masked: { type: 'boolean', nullable: true, description: 'null when the embedder has no mask classifier.' },
            maskScore: { type: 'number', minimum: 0, maximum: 1, nullable: true, description: 'Probability of a mask.' },
          },
        },
        Person: {
          type: 'object', required: ['name', 'photos', 'embeddings', 'enrolledAt'],
          description: 'An enrolled person, or (service.source "model") one class of the trained model.',
          properties: {
            name: { type: 'string' },
            photos: { type: 'integer', nullable: true, description: 'Enrolment photos; null for a model class.' },
            embeddings: { type: 'integer', nullable: true, description: 'Stored embeddings (synthetic-masked ones included); null for a model class.' },
            enrolledAt: { type: 'string', format: 'date-time', description: 'First enrolment; for a model class, when the model was trained.' },
          },
        },
        Service: {
          type: 'object', required: ['source', 'detector', 'embedder', 'threshold'],
          description: 'What recognises: a gallery (open set, enrolment allowed) or a trained model folder (closed set, read only).',
          properties: {
            source: { type: 'string', enum: ['gallery', 'model'] },
            method: { type: 'string', enum: ['classifier', 'lda'], description: 'The kind of trained model (source "model"): confidence is a class probability for "classifier", a cosine in the projected space for "lda".' },
            detector: { type: 'string' },
            embedder: { type: 'string', description: "The gallery's embedder, the classifier model's backbone or the lda model's embedder." },
            threshold: { type: 'number', description: 'Faces whose confidence is below it are "unknown" (a face whose mask state is unknown; each face answers its own threshold).' },
            thresholds: {
              type: 'object', required: ['masked', 'unmasked'], description: 'A gallery\'s thresholds for masked and for unmasked faces, when it has both.',
              properties: { masked: { type: 'number' }, unmasked: { type: 'number' } },
            },
            gallery: { type: 'string', description: 'The gallery file (source "gallery").' },
            model: { type: 'string', description: 'The model folder (source "model").' },
            classes: { type: 'integer', description: 'People the model knows (source "model").' },
          },
        },
      },
    },
    paths: {
      '/': asset('The web page: upload a photo or use the webcam, enrol, list and remove people.', 'text/html'),
      '/app.js': asset("The web page's script.", 'text/javascript'),
      '/style.css': asset("The web page's style sheet.", 'text/css'),
      '/health': {
        get: {
          summary: 'Liveness, version and the models behind the service.', tags: ['status'],
          responses: { '200': { description: 'Serving.', content: json({ type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, version: { type: 'string' }, uptimeS: { type: 'integer' }, service: ref('Service') } }) } },
        },
      },
      '/metrics': {
        get: {
          summary: 'Request counts and latency percentiles per route, job queue, memory and live tensors.', tags: ['status'],
          responses: { '200': { description: 'Counters since start; percentiles over the last 1024 requests of each route, in ms.', content: json({ type: 'object' }) } },
        },
      },
      '/openapi.json': { get: { summary: 'This document.', tags: ['status'], responses: { '200': { description: 'OpenAPI 3 document.', content: json({ type: 'object' }) } } } },
      '/recognize': {
        post: {
          summary: 'All faces of one photo: box, name or "unknown", confidence, masked or not.', tags: ['recognition'],
          requestBody: {
            required: true,
            content: { 'multipart/form-data': { schema: { type: 'object', required: ['photo'], properties: { photo: { type: 'string', format: 'binary', description: `JPEG, PNG, WebP, GIF or TIFF. ${limits}` } } } } },
          },
          responses: {
            '200': { description: 'The faces, best detection first (an empty list when there is none).', content: json({ type: 'object', required: ['width', 'height', 'faces'], properties: { width: { type: 'integer' }, height: { type: 'integer' }, faces: { type: 'array', items: ref('Face') }, elapsedMs: { type: 'integer' } } }) },
            ...err('400', '413', '415', '503'),
          },
        },
      },
      '/people': {
        get: {
          summary: "Enrolled people (with --model: the model's classes).", tags: ['gallery'],
          responses: { '200': { description: 'Sorted by name.', content: json({ type: 'object', properties: { people: { type: 'array', items: ref('Person') } } }) } },
        },
        post: {
          summary: 'Enrol a person from one or more photos (one transaction: all or nothing). Over a trained model (--model): always 409 MF_READ_ONLY, checked before the key.', tags: ['gallery'], security: [{ apiKey: [] }],
          requestBody: {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object', required: ['name', 'photos'],
                  properties: {
                    name: { type: 'string', maxLength: 64, description: "Letters, digits, spaces and _ . ' -, starting with a letter or digit; not \"unknown\"." },
                    photos: { type: 'array', maxItems: config.maxEnrollPhotos, items: { type: 'string', format: 'binary' } },
                  },
                },
              },
            },
          },
          responses: {
            '201': { description: 'Enrolled.', content: json({ type: 'object', properties: { name: { type: 'string' }, photos: { type: 'integer' }, embeddings: { type: 'integer' } } }) },
            ...err('400', '401', '409', '413', '415', '422', '503'),
          },
        },
      },
      '/people/{name}': {
        delete: {
          summary: 'Remove a person and all their embeddings. Over a trained model (--model): always 409 MF_READ_ONLY, checked before the key.', tags: ['gallery'], security: [{ apiKey: [] }],
          parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
          responses: { '200': { description: 'Removed.', content: json({ type: 'object', properties: { removed: { type: 'string' } } }) }, ...err('400', '401', '404', '409', '503') },
        },
      },
    },
  };
}
