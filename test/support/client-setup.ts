import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import * as z from 'zod/mini';

// As in the app: no eval/new Function (the mini-program forbids them).
z.config({ jitless: true });
afterEach(() => cleanup());
