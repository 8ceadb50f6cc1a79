import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { LV_PARAM_SPECS } from './anatomy/lvParams';
import { SKULL_PARAM_SPECS } from './anatomy/skullParams';
import { App } from './app/App';
import { startController } from './app/controller';
import { ErrorBoundary } from './app/ErrorBoundary';
import { ControllerProvider } from './app/commands';
import { installDebugHook } from './app/debugHook';
import { createAppStore } from './state/store';
import { StoreProvider } from './state/context';
import { defaultsOf } from './ui/defaults';
import './app/styles.css';

const store = createAppStore({
  lvParams: defaultsOf(LV_PARAM_SPECS),
  skullParams: defaultsOf(SKULL_PARAM_SPECS),
  anatomy: new URLSearchParams(location.search).get('anatomy') === 'skull' ? 'skull' : 'lv',
});
const controller = startController(store, location.search);
window.addEventListener('pagehide', () => controller.dispose());
installDebugHook(store, controller);

const rootEl = document.getElementById('root');
if (!rootEl) throw new Error('index.html has no #root element');
createRoot(rootEl).render(
  <StrictMode>
    <ErrorBoundary area="application">
      <StoreProvider store={store}>
        <ControllerProvider controller={controller}>
          <App />
        </ControllerProvider>
      </StoreProvider>
    </ErrorBoundary>
  </StrictMode>,
);
