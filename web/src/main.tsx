import { render } from 'preact';
import { startBoardEarly } from './board/early-start';
import { getSession } from './session';
import './styles.css';

// A board's snapshot and socket are on their way before the pages' code is evaluated (see early-start.ts): this
// entry is small, and the pages come in their own chunk (preloaded by index.html, see vite.config.mjs).
startBoardEarly(location.pathname, getSession()?.token);
void Promise.all([import('./app'), import('./components/field-messages')]).then(([{ App }, { installFieldMessages }]) => {
  installFieldMessages();
  render(<App />, document.getElementById('app')!);
});
