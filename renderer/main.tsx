// Renderer entry: the transport (the Electron preload's IPC bridge in the app, the
// loopback WebSocket of `k8s-lab up --ui` headless), the language, the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app.js';
import { BridgeClient } from './bridge/bridge-client.js';
import { BridgeProvider } from './bridge/bridge-context.js';
import { IpcTransport, preloadBridge } from './bridge/ipc-transport.js';
import { WebSocketTransport } from './bridge/ws-transport.js';
import { initI18n, pickLanguage } from './i18n/i18n.js';
import './app.css';

const i18n = initI18n(pickLanguage(navigator.languages));
document.documentElement.lang = i18n.language;
// inside the desktop app the preload provides the bridge; headless it is the loopback WebSocket
const ipc = preloadBridge();
const client = new BridgeClient(ipc ? new IpcTransport(ipc) : WebSocketTransport.fromLocation(window.location));
const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <BridgeProvider client={client}>
        <App />
      </BridgeProvider>
    </I18nextProvider>
  </StrictMode>,
);
