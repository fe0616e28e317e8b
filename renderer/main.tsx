// Renderer entry: the transport (the loopback WebSocket of `k8s-lab up --ui`; the
// Electron preload will hand in its own BridgeTransport), the language, the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './app.js';
import { BridgeClient } from './bridge/bridge-client.js';
import { BridgeProvider } from './bridge/bridge-context.js';
import { WebSocketTransport } from './bridge/ws-transport.js';
import { initI18n, pickLanguage } from './i18n/i18n.js';
import './app.css';

const i18n = initI18n(pickLanguage(navigator.languages));
document.documentElement.lang = i18n.language;
const client = new BridgeClient(WebSocketTransport.fromLocation(window.location));
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
