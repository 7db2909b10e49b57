import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Where photo bytes live, by key. Keys are made by the server (`newStorageKey`), never taken from
 * a request. The local directory below is the first implementation; an S3-compatible store can
 * replace it behind the same three calls.
 */
export interface MediaStorage {
  /** Stores `bytes` under a new key; refuses to overwrite. */
  put(key: string, bytes: Buffer): Promise<void>;
  /** The bytes under `key`, or null when there are none. */
  get(key: string): Promise<Buffer | null>;
  /** Removes `key`; removing a missing key is not an error. */
  delete(key: string): Promise<void>;
}

// Two hex characters of fan-out keep any one directory small; the rest is 128 random bits.
const KEY_PATTERN = /^[0-9a-f]{2}\/[0-9a-f]{32}\.jpg$/;

/** A fresh random key for one stored JPEG, e.g. `3f/3f9c…e1.jpg`. */
export function newStorageKey(): string {
  const name = randomBytes(16).toString('hex');
  return `${name.slice(0, 2)}/${name}.jpg`;
}

/** Photo files under `dir` (created if missing). */
export function createLocalMediaStorage(dir: string): MediaStorage {
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true });
  const fileOf = (key: string) => {
    // Only keys of our own making: nothing can point outside the directory.
    if (!KEY_PATTERN.test(key)) throw new Error('not a media storage key');
    return path.join(root, key);
  };

  return {
    async put(key, bytes) {
      const file = fileOf(key);
      await fs.promises.mkdir(path.dirname(file), { recursive: true });
      // Written under a temporary name and renamed: a reader never sees half a photo.
      const partial = `${file}.${randomBytes(4).toString('hex')}.part`;
      try {
        const handle = await fs.promises.open(partial, 'wx');
        try {
          await handle.writeFile(bytes);
          await handle.sync();
        } finally {
          await handle.close();
        }
        // link, unlike rename, refuses an existing name: a key is never overwritten.
        await fs.promises.link(partial, file);
      } finally {
        await fs.promises.rm(partial, { force: true });
      }
    },
    async get(key) {
      try {
        return await fs.promises.readFile(fileOf(key));
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
        throw err;
      }
    },
    async delete(key) {
      await fs.promises.rm(fileOf(key), { force: true });
    },
  };
}
