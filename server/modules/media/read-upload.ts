import type { FastifyRequest } from 'fastify';
import { MEDIA_MAX_BYTES, type MediaPurpose } from '../../../shared/constants';
import type { ErrorCode } from '../../../shared/errors';
import { mediaPurposeSchema } from '../../../shared/schemas/media';
import { AppError } from '../../app-error';

/**
 * Limits of the multipart parser on the upload route: one file of at most MEDIA_MAX_BYTES, a
 * couple of short text fields, nothing else. busboy enforces them while it reads, so an
 * oversized or overstuffed request is cut off, not buffered.
 */
export const UPLOAD_LIMITS = {
  fileSize: MEDIA_MAX_BYTES,
  files: 1,
  fields: 4,
  parts: 6,
  fieldSize: 256,
  fieldNameSize: 64,
  headerPairs: 20,
};

/** @fastify/multipart's errors, by code, as ours. */
const MULTIPART_CODES: Record<string, ErrorCode> = {
  FST_FILES_LIMIT: 'MEDIA_TOO_MANY_FILES',
  FST_REQ_FILE_TOO_LARGE: 'MEDIA_TOO_LARGE',
  FST_PARTS_LIMIT: 'BAD_REQUEST',
  FST_FIELDS_LIMIT: 'BAD_REQUEST',
  FST_PROTO_VIOLATION: 'BAD_REQUEST',
  FST_INVALID_JSON_FIELD_ERROR: 'BAD_REQUEST',
  FST_MP_PREMATURE_CLOSE: 'BAD_REQUEST',
};

export interface Upload {
  purpose: MediaPurpose;
  /** The file's bytes; its name and declared type are ignored (the server sniffs and names). */
  bytes: Buffer;
}

/**
 * Reads the upload's multipart body: a `purpose` field and exactly one file (under any field
 * name), in either order. Not multipart, or a part missing → MEDIA_FIELD_MISSING; a second file →
 * MEDIA_TOO_MANY_FILES; over MEDIA_MAX_BYTES → MEDIA_TOO_LARGE; a purpose we do not know or a
 * repeated one → VALIDATION_FAILED. Nothing is stored here.
 */
export async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) throw new AppError('MEDIA_FIELD_MISSING');
  const purposes: string[] = [];
  let bytes: Buffer | undefined;
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        if (bytes !== undefined) throw new AppError('MEDIA_TOO_MANY_FILES');
        bytes = await part.toBuffer();
      } else if (part.fieldname === 'purpose') {
        purposes.push(String(part.value));
      }
    }
  } catch (err) {
    throw asAppError(err);
  }
  if (bytes === undefined || purposes.length === 0) throw new AppError('MEDIA_FIELD_MISSING');
  const purpose = purposes.length === 1 ? mediaPurposeSchema.safeParse(purposes[0]) : undefined;
  if (!purpose?.success) {
    const message = purpose
      ? (purpose.error.issues[0]?.message ?? '请说明照片的用途')
      : '照片的用途只能填写一次';
    throw new AppError('VALIDATION_FAILED', { details: [{ path: 'body.purpose', message }] });
  }
  return { purpose: purpose.data, bytes };
}

function asAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  const code = (err as { code?: unknown } | null)?.code;
  return new AppError((typeof code === 'string' && MULTIPART_CODES[code]) || 'BAD_REQUEST');
}
