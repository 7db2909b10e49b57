import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';
import { z } from 'zod';

// As in the app: no eval/new Function (the mini-program forbids them).
z.config({ jitless: true });
afterEach(() => cleanup());
