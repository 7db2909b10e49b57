import type { TestProject } from 'vitest/node';
import { ensureH5Build } from '../../server/cli/ensure-h5-build';
import { ensureChromium } from './chromium';

declare module 'vitest' {
  export interface ProvidedContext {
    chromiumPath: string;
  }
}

/** Before the browser tests: a Chromium to drive, and a current H5 build to serve. */
export default function setup(project: TestProject): void {
  project.provide('chromiumPath', ensureChromium());
  ensureH5Build();
}
