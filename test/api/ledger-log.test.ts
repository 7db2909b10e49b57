import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toBase64 } from '../../shared/base64';
import { signerKeyText } from '../../shared/checkpoint';
import {
  verifyCheckpointConsistency,
  verifyLeaves,
  verifyReceipt,
  verifyCheckpoint,
} from '../../shared/ledger-verify';
import type { LedgerTx, Receipt } from '../../shared/schemas/ledger';
import type {
  ConsistencyProof,
  InclusionProof,
  LeavesPage,
  PublicCheckpoint,
} from '../../shared/schemas/ledger-log';
import { ConfigError, loadConfig } from '../../server/config';
import { treeRoot } from '../../server/modules/ledger/tree-store';
import { createCheckpoint } from '../../server/modules/ledger-log/create-checkpoint';
import { loadLedgerSigner, type LedgerSigner } from '../../server/modules/ledger-log/signing-key';
import { runSweeps } from '../../server/sweeps';
import { donationBody, ledgerPost } from '../support/ledger';
import { call, demoLogin } from '../support/staff';
import { createTestApp, tempDir, type TestApp } from '../support/test-app';

let t: TestApp;
let finance: string;
let signer: LedgerSigner;
const receipts: string[] = [];
/** Leaves the log holds before these tests add theirs (the demo data may bring some). */
let B = 0;

const get = async <T>(url: string): Promise<T> => {
  const res = await call(t, null, 'GET', url);
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
  return res.json() as T;
};
const donate = async (amountFen: number) => {
  const res = await ledgerPost(
    t,
    finance,
    '/api/v1/staff/donations',
    donationBody({ amountFen, memo: '私密备注' }),
  );
  expect(res.statusCode).toBe(201);
  const tx = res.json() as LedgerTx;
  receipts.push(tx.donation?.receiptId as string);
  return tx;
};
const flip = (b64: string, byte = 0) => {
  const bytes = Buffer.from(b64, 'base64');
  bytes[byte] = (bytes[byte] as number) ^ 1;
  return toBase64(bytes);
};
const size = () =>
  (t.sqlite.prepare('SELECT count(*) AS n FROM ledger_transactions').get() as { n: number }).n;

beforeAll(async () => {
  t = await createTestApp({ demo: true });
  finance = await demoLogin(t, 'finance');
  signer = loadLedgerSigner(t.config);
  B = size();
});
afterAll(async () => {
  await t.close();
});

describe('checkpoints', () => {
  it('none is published before the first: 404 CHECKPOINT_NOT_FOUND', async () => {
    const res = await call(t, null, 'GET', '/api/v1/ledger/checkpoint');
    expect(res.statusCode).toBe(404);
    expect(res.json().error.code).toBe('CHECKPOINT_NOT_FOUND');
  });

  it('signs the log as it is, and a size keeps its first checkpoint', async () => {
    for (const fen of [1000, 2500, 399, 12000, 1]) await donate(fen);
    const first = createCheckpoint(t.db, signer, 'manual', 1000);
    expect(first.size).toBe(B + 5);
    expect(first.rootHash).toBe(Buffer.from(treeRoot(t.db, B + 5)).toString('base64'));
    expect(createCheckpoint(t.db, signer, 'report', 2000)).toEqual(first);
    // Even written by hand, a second root for one size is refused by the primary key.
    expect(() =>
      t.sqlite
        .prepare(
          `INSERT INTO ledger_checkpoints (size, root_hash, note, created_at, reason) VALUES (?, 'x', 'y', 1, 'manual')`,
        )
        .run(first.size),
    ).toThrow(/UNIQUE|PRIMARY/);

    const latest = await get<PublicCheckpoint>('/api/v1/ledger/checkpoint');
    expect(latest).toMatchObject({
      size: B + 5,
      rootHash: first.rootHash,
      note: first.note,
      vkey: signer.vkey,
    });
    expect(latest.origin).toBe('xinyuan.local/ledger');
    const verified = verifyCheckpoint(latest.note, latest.vkey);
    expect(verified.ok && toBase64(verified.checkpoint.root)).toBe(first.rootHash);
    expect(await get<PublicCheckpoint>(`/api/v1/ledger/checkpoints/${B + 5}`)).toEqual(latest);
    expect(verifyCheckpoint(latest.note.replace(`\n${B + 5}\n`, `\n${B + 6}\n`), latest.vkey).ok).toBe(false);
  });

  it('a receipt verifies in the browser code against the published checkpoint; any change fails', async () => {
    const cp = await get<PublicCheckpoint>('/api/v1/ledger/checkpoint');
    for (const id of receipts) {
      const receipt = await get<Receipt>(`/api/v1/receipts/${id}`);
      const proof = await get<InclusionProof>(
        `/api/v1/ledger/proofs/inclusion?index=${receipt.leafIndex}&size=${cp.size}`,
      );
      const check = {
        leaf: receipt.leaf,
        checkpoint: cp.note,
        vkey: cp.vkey,
        proof,
        donor: { salt: receipt.salt, name: receipt.donorName },
      };
      expect(verifyReceipt(check)).toMatchObject({ ok: true, leaf: { index: receipt.leafIndex } });
      for (const [i, hash] of proof.proof.entries()) {
        const bad = { ...proof, proof: proof.proof.map((h, j) => (j === i ? flip(hash, i) : h)) };
        expect(verifyReceipt({ ...check, proof: bad })).toMatchObject({ ok: false, code: 'PROOF_INVALID' });
      }
      expect(verifyReceipt({ ...check, proof: { ...proof, proof: proof.proof.slice(1) } }).ok).toBe(false);
      expect(verifyReceipt({ ...check, leaf: receipt.leaf.replace(/-?\d+\]/, '7]') }).ok).toBe(false);
      expect(verifyReceipt({ ...check, donor: { salt: receipt.salt, name: '李四' } })).toMatchObject({
        code: 'DONOR_MISMATCH',
      });
      expect(
        verifyReceipt({ ...check, checkpoint: cp.note.replace(cp.rootHash, flip(cp.rootHash)) }),
      ).toMatchObject({
        code: 'SIGNATURE_INVALID',
      });
    }
  });

  it('serves the published leaves, which rebuild the signed root and name nobody', async () => {
    const cp = await get<PublicCheckpoint>('/api/v1/ledger/checkpoint');
    const page = await get<LeavesPage>(`/api/v1/ledger/leaves?start=0&end=${cp.size}`);
    expect(page.leaves.map((l) => l.index)).toEqual(Array.from({ length: B + 5 }, (_, i) => i));
    const verified = verifyCheckpoint(cp.note, cp.vkey);
    if (!verified.ok) throw new Error(verified.detail);
    expect(
      verifyLeaves(
        page.leaves.map((l) => l.leaf),
        verified.checkpoint,
      ).ok,
    ).toBe(true);
    const swapped = page.leaves.map((l) => l.leaf);
    [swapped[0], swapped[1]] = [swapped[1] as string, swapped[0] as string];
    expect(verifyLeaves(swapped, verified.checkpoint).ok).toBe(false);
    expect(verifyLeaves(swapped.slice(1), verified.checkpoint).ok).toBe(false);
    const body = JSON.stringify(page);
    expect(body).not.toContain('私密备注');
    expect(body).not.toContain('张三丰');
    expect(body).not.toContain('福利股财务');
  });

  it('proves the log only grew between two checkpoints', async () => {
    await donate(777);
    await donate(888);
    const second = createCheckpoint(t.db, signer, 'manual', 3000);
    expect(second.size).toBe(B + 7);
    const older = await get<PublicCheckpoint>(`/api/v1/ledger/checkpoints/${B + 5}`);
    const newer = await get<PublicCheckpoint>('/api/v1/ledger/checkpoint');
    const proof = await get<ConsistencyProof>(
      `/api/v1/ledger/proofs/consistency?first=${B + 5}&second=${B + 7}`,
    );
    expect(verifyCheckpointConsistency(older.note, newer.note, proof.proof, newer.vkey).ok).toBe(true);
    for (const i of proof.proof.keys()) {
      const bad = proof.proof.map((h, j) => (j === i ? flip(h, 31) : h));
      expect(verifyCheckpointConsistency(older.note, newer.note, bad, newer.vkey)).toMatchObject({
        code: 'CONSISTENCY_INVALID',
      });
    }
    expect(verifyCheckpointConsistency(newer.note, older.note, proof.proof, newer.vkey).ok).toBe(false);
  });

  // P: the published size (latest checkpoint), F: the first checkpoint's.
  it.each([
    ['/api/v1/ledger/proofs/inclusion?index={P}&size={P}', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/proofs/inclusion?index=0&size={P+1}', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/proofs/inclusion?index=0&size=0', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/proofs/inclusion?index=-1&size={P}', 400, 'VALIDATION_FAILED'],
    ['/api/v1/ledger/proofs/inclusion?index=1e0&size={P}', 400, 'VALIDATION_FAILED'],
    ['/api/v1/ledger/proofs/inclusion?index=0', 400, 'VALIDATION_FAILED'],
    ['/api/v1/ledger/proofs/inclusion?index=0&index=1&size={P}', 400, 'VALIDATION_FAILED'],
    ['/api/v1/ledger/proofs/consistency?first={P}&second={F}', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/proofs/consistency?first={F}&second={P+2}', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/leaves?start=3&end=2', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/leaves?start=0&end={P+1}', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/leaves?start=0&end=99999999', 400, 'PROOF_RANGE_INVALID'],
    ['/api/v1/ledger/leaves?start=abc&end=2', 400, 'VALIDATION_FAILED'],
    ['/api/v1/ledger/checkpoints/{F+1}', 404, 'CHECKPOINT_NOT_FOUND'],
    ['/api/v1/ledger/checkpoints/0{F}', 400, 'VALIDATION_FAILED'],
  ])('%s → %i %s', async (template, status, code) => {
    const sizes: Record<string, number> = { P: B + 7, F: B + 5 };
    const url = template.replace(/\{([PF])(?:\+(\d))?\}/g, (_, k: string, plus?: string) =>
      String((sizes[k] as number) + Number(plus ?? 0)),
    );
    const res = await call(t, null, 'GET', url);
    expect(res.statusCode).toBe(status);
    expect(res.json().error.code).toBe(code);
  });

  it('a proof within the published log but below its latest size is served too', async () => {
    const proof = await get<InclusionProof>('/api/v1/ledger/proofs/inclusion?index=2&size=3');
    expect(proof).toMatchObject({ index: 2, size: 3 });
    expect(
      (await get<ConsistencyProof>(`/api/v1/ledger/proofs/consistency?first=0&second=${B + 7}`)).proof,
    ).toEqual([]);
    expect((await get<LeavesPage>(`/api/v1/ledger/leaves?start=${B + 7}&end=${B + 7}`)).leaves).toEqual([]);
  });
});

describe('the daily checkpoint', () => {
  it('is signed once a day when the log grew, never twice for one size', async () => {
    const day = 24 * 3_600_000;
    const last = 3000;
    expect(runSweeps(t.db, last + day - 1, signer).checkpoints).toBe(0);
    expect(runSweeps(t.db, last + day + 1, signer).checkpoints).toBe(0); // the log did not grow
    await donate(4321);
    expect(runSweeps(t.db, last + day - 1, signer).checkpoints).toBe(0); // not a day yet
    expect(runSweeps(t.db, last + day + 1, signer).checkpoints).toBe(1);
    expect(runSweeps(t.db, last + day + 2, signer).checkpoints).toBe(0);
    expect(runSweeps(t.db, last + 3 * day, signer).checkpoints).toBe(0);
    const rows = t.sqlite.prepare('SELECT size, reason FROM ledger_checkpoints ORDER BY size').all();
    expect(rows).toEqual([
      { size: B + 5, reason: 'manual' },
      { size: B + 7, reason: 'manual' },
      { size: size(), reason: 'daily' },
    ]);
  });

  it('the first checkpoint is made even of an empty log', async () => {
    const empty = await createTestApp();
    try {
      expect(runSweeps(empty.db, 1, loadLedgerSigner(empty.config)).checkpoints).toBe(1);
      expect(runSweeps(empty.db, 2, loadLedgerSigner(empty.config)).checkpoints).toBe(0);
      const cp = (await empty.app.inject({ url: '/api/v1/ledger/checkpoint' })).json() as PublicCheckpoint;
      expect(cp.size).toBe(0);
      expect(cp.rootHash).toBe('47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=');
      expect(verifyCheckpoint(cp.note, cp.vkey).ok).toBe(true);
    } finally {
      await empty.close();
    }
  });
});

describe('the ledger is append-only', () => {
  it.each([
    ['ledger_transactions', `UPDATE ledger_transactions SET memo = 'x'`, 'DELETE FROM ledger_transactions'],
    [
      'ledger_postings',
      'UPDATE ledger_postings SET amount_fen = amount_fen + 1',
      'DELETE FROM ledger_postings',
    ],
    ['donations', `UPDATE donations SET donor_name = 'x'`, 'DELETE FROM donations'],
    ['ledger_tree_nodes', 'UPDATE ledger_tree_nodes SET hash = hash', 'DELETE FROM ledger_tree_nodes'],
    [
      'ledger_checkpoints',
      `UPDATE ledger_checkpoints SET reason = 'manual'`,
      'DELETE FROM ledger_checkpoints',
    ],
  ])('%s refuses raw UPDATE and DELETE', (table, update, del) => {
    const before = t.sqlite.prepare(`SELECT * FROM ${table}`).all();
    expect(before.length).toBeGreaterThan(0);
    expect(() => t.sqlite.prepare(update).run()).toThrow(/append-only/);
    expect(() => t.sqlite.prepare(del).run()).toThrow(/append-only/);
    expect(t.sqlite.prepare(`SELECT * FROM ${table}`).all()).toEqual(before);
  });
});

describe('the signing key', () => {
  it('is generated beside the database in demo mode, readable by its owner only, and reused', () => {
    const dir = tempDir();
    try {
      const config = loadConfig({ NODE_ENV: 'test', DATABASE_PATH: path.join(dir, 'x.db') });
      const a = loadLedgerSigner(config);
      expect(fs.statSync(config.ledgerLog.keyFile).mode & 0o777).toBe(0o600);
      expect(loadLedgerSigner(config).vkey).toBe(a.vkey);
      expect(a.vkey.startsWith('xinyuan.local/ledger+')).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('must be configured in production, as the key text or a file holding it', () => {
    const dir = tempDir();
    try {
      const base = { NODE_ENV: 'production', DATABASE_PATH: path.join(dir, 'x.db') };
      expect(() => loadLedgerSigner(loadConfig(base))).toThrow(ConfigError);
      expect(() => loadLedgerSigner(loadConfig(base))).toThrow(/LEDGER_SIGNING_KEY/);
      expect(fs.existsSync(path.join(dir, 'x.db.ledger-key'))).toBe(false);
      const key = signerKeyText('example.org/log', new Uint8Array(32).fill(7));
      const fromText = loadLedgerSigner(loadConfig({ ...base, LEDGER_SIGNING_KEY: key }));
      fs.writeFileSync(path.join(dir, 'key'), `${key}\n`);
      const fromFile = loadLedgerSigner(loadConfig({ ...base, LEDGER_SIGNING_KEY: path.join(dir, 'key') }));
      expect(fromFile.vkey).toBe(fromText.vkey);
      expect(fromText.vkey.startsWith('example.org/log+')).toBe(true);
      expect(() =>
        loadLedgerSigner(loadConfig({ ...base, LEDGER_SIGNING_KEY: 'PRIVATE+KEY+x+00000000+AA==' })),
      ).toThrow(ConfigError);
      expect(() =>
        loadLedgerSigner(loadConfig({ ...base, LEDGER_SIGNING_KEY: path.join(dir, 'none') })),
      ).toThrow(/cannot be read/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
