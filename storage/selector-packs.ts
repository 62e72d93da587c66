// Selector packs served by the team server are kept here until a content script asks.
// The shape is checked on the way in; the selectors themselves are checked again by the
// content script with the browser's CSS parser before use.
import { describeIssues } from '@/core/protocol';
import { type SelectorPack, SelectorPackSchema } from '@/core/selector-pack';
import type { KqDb } from './db';

const key = (platform: SelectorPack['platform']) => `selectorPack:${platform}`;

export async function storeSelectorPack(db: KqDb, input: unknown): Promise<SelectorPack> {
  const parsed = SelectorPackSchema.safeParse(input);
  if (!parsed.success) throw new Error(`selector pack refused: ${describeIssues(parsed.error)}`);
  await db.settings.put({ key: key(parsed.data.platform), value: parsed.data });
  return parsed.data;
}

export async function storedSelectorPack(
  db: KqDb,
  platform: SelectorPack['platform'],
): Promise<SelectorPack | null> {
  const row = await db.settings.get(key(platform));
  const parsed = SelectorPackSchema.safeParse(row?.value);
  return parsed.success ? parsed.data : null;
}
