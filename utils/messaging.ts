import { defineExtensionMessaging } from '@webext-core/messaging';
import type { ProtocolMap } from '@/core/protocol';

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();
