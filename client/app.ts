import type { PropsWithChildren } from 'react';
import { z } from 'zod';
import './app.scss';

// WeChat forbids eval/new Function; zod 4 uses them for speed unless told not to.
z.config({ jitless: true });
z.config(z.locales.zhCN());

function App({ children }: PropsWithChildren) {
  return children;
}

export default App;
