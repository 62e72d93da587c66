// Loads a fixture's static markup (scripts do not run) into happy-dom at a real URL, so
// adapters can be tested against the same replicas the e2e suite serves.
import { readFileSync } from 'node:fs';
import path from 'node:path';

export function loadFixture(file: string, url: string): Document {
  const html = readFileSync(path.join(import.meta.dirname, '../fixtures', file), 'utf8');
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(url);
  document.open();
  document.write(html.replace(/<script[\s\S]*?<\/script>/gi, ''));
  document.close();
  return document;
}

/** The moment the fixtures' static markup was rendered (2026-11-22 10:45 in Vietnam). */
export const FIXTURE_NOW = Date.UTC(2026, 10, 22, 3, 45);
