import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { takeCodeFromAddress } from './launch/take-code-from-address';
import { registerServiceWorker } from './register-sw';
import './styles.css';

// First thing, before any request: take the code out of the address bar (see the function's note).
const launchCode = takeCodeFromAddress();
registerServiceWorker();

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <App launchCode={launchCode} />
  </StrictMode>,
);
