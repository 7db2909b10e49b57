import * as z from 'zod/mini';
import { isoDateTimeSchema } from './common';

// The public ledger log (C2SP tlog-checkpoint, RFC 9162 proofs): anyone may read it, no login.
// Every shape here is an allow-list of public facts — leaves, hashes, signed notes — and nothing
// of the books' private side (memo, staff, donors' names).

/** Most leaves one request returns. */
export const LEAVES_PER_REQUEST_MAX = 1000;

/** A position or size in the log: plain decimal digits (no `1e3`, no sign, no spaces). */
const logNumber = (what: string) =>
  z.pipe(
    z.string().check(z.regex(/^(0|[1-9][0-9]{0,14})$/, `${what}必须是不带符号的整数`)),
    z.transform((text) => Number(text)),
  );

export const checkpointSchema = z.object({
  /** The log's name, the signed note's first line. */
  origin: z.string(),
  size: z.int(),
  /** base64 SHA-256 root of leaves [0, size). */
  rootHash: z.string(),
  /** The signed note (C2SP signed-note + tlog-checkpoint), exactly as signed. */
  note: z.string(),
  /** The verifier key (`<name>+<key id>+<key>`) its signature checks against. */
  vkey: z.string(),
  createdAt: isoDateTimeSchema,
  reason: z.enum(['daily', 'report', 'manual']),
});
export type PublicCheckpoint = z.infer<typeof checkpointSchema>;

export const checkpointParamsSchema = z.strictObject({ size: logNumber('快照大小') });

export const leavesQuerySchema = z.strictObject({ start: logNumber('起始序号'), end: logNumber('结束序号') });
export type LeavesQuery = z.output<typeof leavesQuerySchema>;

export const leavesSchema = z.object({
  start: z.int(),
  end: z.int(),
  /** Leaves [start, end): each its canonical text, exactly the bytes that were hashed. */
  leaves: z.array(z.object({ index: z.int(), leaf: z.string() })),
});
export type LeavesPage = z.infer<typeof leavesSchema>;

export const inclusionQuerySchema = z.strictObject({ index: logNumber('序号'), size: logNumber('快照大小') });
export type InclusionQuery = z.output<typeof inclusionQuerySchema>;

export const inclusionProofSchema = z.object({
  index: z.int(),
  size: z.int(),
  /** base64 RFC 9162 leaf hash of the leaf at `index`. */
  leafHash: z.string(),
  /** The audit path, base64 hashes, leaf to root. */
  proof: z.array(z.string()),
});
export type InclusionProof = z.infer<typeof inclusionProofSchema>;

export const consistencyQuerySchema = z.strictObject({
  first: logNumber('快照大小'),
  second: logNumber('快照大小'),
});
export type ConsistencyQuery = z.output<typeof consistencyQuerySchema>;

export const consistencyProofSchema = z.object({
  first: z.int(),
  second: z.int(),
  proof: z.array(z.string()),
});
export type ConsistencyProof = z.infer<typeof consistencyProofSchema>;
