import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, validationFailed } from './errors.ts';

/**
 * Uploads: `multipart/form-data`, read as a stream. A route that takes files declares
 * `config.upload`; its form is the route's usual JSON body as text in a `data` field, plus the
 * files under `upload.field`; it lists `multipart/form-data` in `schema.consumes`, and
 * `application/json` too when a body without files may come as plain JSON. A file is refused (413) the moment it crosses the route's limit,
 * before the rest of the request is read; its bytes are then judged by `putFile` (type, emptiness).
 * The body goes through the route's zod schema like a JSON body; the files are `uploadsOf(req)`.
 */
export type UploadSpec = {
  /** The form field of the files. */
  field: string;
  maxFiles: number;
  maxFileBytes: number;
};
/** `mimeType`: what the sender says it is, when it says (`application/octet-stream` says nothing). */
export type UploadedFile = { filename: string; mimeType?: string | undefined; content: Buffer };

/** The form field holding the JSON body. */
export const dataField = 'data';
/** Largest JSON body (the app's body limit: files never come as JSON). */
export const maxJsonBytes = 1024 * 1024;
/** Largest `data` field of a form: room for the import's lists of line numbers. */
const maxDataBytes = 2 * 1024 * 1024;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route takes files (multipart/form-data): which field, how many, how large. */
    upload?: UploadSpec;
  }
  interface FastifyRequest {
    uploads: UploadedFile[] | null;
  }
}

export const megabytes = (bytes: number) =>
  `${Math.round((bytes / 1024 / 1024) * 10) / 10} Mo`.replace('.', ',');

/** Registers the multipart parser and the hook that reads the form of the routes that take files. */
export async function installUploads(
  app: FastifyInstance,
  limits: { maxFileBytes: number; maxFiles: number },
) {
  await app.register(multipart, {
    // The widest limits of any route; each route narrows them (`readForm`).
    limits: {
      fileSize: limits.maxFileBytes,
      files: limits.maxFiles,
      fields: 1,
      fieldSize: maxDataBytes,
      parts: limits.maxFiles + 1,
      headerPairs: 100,
    },
    throwFileSizeLimit: false,
  });
  app.decorateRequest('uploads', null);
  app.addHook('preValidation', async (req) => {
    const spec = req.routeOptions.config.upload;
    if (!req.isMultipart()) {
      // The content types a route takes are its `schema.consumes` (also what OpenAPI shows).
      const consumes = (req.routeOptions.schema as { consumes?: string[] } | undefined)?.consumes;
      if (spec && !consumes?.includes('application/json')) {
        throw new AppError('bad_request', 'Envoyez le fichier dans un formulaire multipart/form-data.');
      }
      return;
    }
    if (!spec) throw new AppError('bad_request', 'Type de contenu non pris en charge : envoyez du JSON.');
    const { data, files } = await readForm(req, spec);
    try {
      req.body = data === undefined ? {} : JSON.parse(data);
    } catch {
      throw new AppError('bad_request', `Le champ « ${dataField} » n’est pas un JSON valide.`);
    }
    req.uploads = files;
  });
}

/** The files of the request (none for a JSON body). */
export function uploadsOf(req: FastifyRequest): UploadedFile[] {
  return req.uploads ?? [];
}

/** The one file a route requires, else 400 with the field's path. */
export function requiredUploadOrThrow(req: FastifyRequest, message: string): UploadedFile {
  const [file] = uploadsOf(req);
  const field = req.routeOptions.config.upload?.field ?? 'file';
  if (!file) throw validationFailed([{ path: field, message }], message);
  return file;
}

const limitErrors: Record<string, (spec: UploadSpec) => AppError> = {
  FST_FILES_LIMIT: (spec) =>
    new AppError('payload_too_large', `Trop de fichiers : ${spec.maxFiles} au plus.`, [
      { path: spec.field, message: `${spec.maxFiles} fichiers au plus.` },
    ]),
  FST_PARTS_LIMIT: (spec) =>
    new AppError('payload_too_large', `Trop de fichiers : ${spec.maxFiles} au plus.`, [
      { path: spec.field, message: `${spec.maxFiles} fichiers au plus.` },
    ]),
  FST_FIELDS_LIMIT: () =>
    new AppError('bad_request', `Formulaire invalide : un seul champ texte, « ${dataField} » (le JSON).`),
};

async function readForm(req: FastifyRequest, spec: UploadSpec) {
  let data: string | undefined;
  const files: UploadedFile[] = [];
  const parts = req.parts({
    limits: { fileSize: spec.maxFileBytes, files: spec.maxFiles, parts: spec.maxFiles + 1 },
  });
  try {
    for await (const part of parts) {
      if (part.type === 'field') {
        if (part.fieldname !== dataField) {
          throw validationFailed([{ path: part.fieldname, message: 'Champ inattendu.' }]);
        }
        if (part.valueTruncated) {
          throw new AppError(
            'payload_too_large',
            `Le champ « ${dataField} » dépasse ${megabytes(maxDataBytes)}.`,
          );
        }
        data = String(part.value);
        continue;
      }
      if (part.fieldname !== spec.field) {
        throw validationFailed([{ path: part.fieldname, message: 'Fichier inattendu.' }]);
      }
      const chunks: Buffer[] = [];
      const tooLarge = () => {
        const message = `Le fichier « ${part.filename} » dépasse la taille maximale de ${megabytes(spec.maxFileBytes)}.`;
        return new AppError('payload_too_large', message, [{ path: spec.field, message }]);
      };
      // busboy cuts the file at the limit and says so: stop reading the request there (busboy would
      // read the rest to discard it) and refuse; the rest of the body is never read.
      part.file.once('limit', () => {
        req.raw.unpipe();
        part.file.destroy(tooLarge());
      });
      for await (const chunk of part.file) chunks.push(chunk as Buffer);
      if (part.file.truncated) throw tooLarge();
      const mimeType = part.mimetype === 'application/octet-stream' ? undefined : part.mimetype;
      files.push({ filename: part.filename, mimeType, content: Buffer.concat(chunks) });
    }
  } catch (e) {
    const code = (e as { code?: string }).code;
    const mapped = code ? limitErrors[code] : undefined;
    throw mapped ? mapped(spec) : e;
  }
  return { data, files };
}
