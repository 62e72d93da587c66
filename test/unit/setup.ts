import 'fake-indexeddb/auto';
// English as the background and the options page have it (content scripts fetch it).
import '@/core/i18n-en';
import { cleanup } from '@testing-library/preact';
import { afterEach } from 'vitest';

afterEach(() => cleanup());
