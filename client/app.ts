import type { PropsWithChildren } from 'react';
import * as z from 'zod/mini';
import './app.scss';

// WeChat forbids eval/new Function; zod 4 uses them for speed unless told not to.
z.config({ jitless: true });

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
