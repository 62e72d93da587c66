// Reads a thread id from React's internal fiber on a DOM node (notes §1.4: row
// props.threadID, thread.threadID). Runs in the page's main world, where the expandos live.
const ID = /^\d{5,40}$/;
const MAX_DEPTH = 25;

interface FiberLike {
  memoizedProps?: Record<string, unknown> | null;
  return?: FiberLike | null;
}

export function threadFromFiber(
  el: Element,
): { threadId: string; threadType?: string; title?: string } | undefined {
  const key = Object.keys(el).find((k) => k.startsWith('__reactFiber$'));
  if (!key) return undefined;
  let fiber = (el as unknown as Record<string, FiberLike | undefined>)[key];
  for (let depth = 0; fiber && depth < MAX_DEPTH; depth++, fiber = fiber.return ?? undefined) {
    const props = fiber.memoizedProps ?? {};
    const thread = props.thread as Record<string, unknown> | undefined;
    const id = props.threadID ?? thread?.threadID;
    if (typeof id === 'string' && ID.test(id)) {
      const type = props.threadType ?? thread?.threadType;
      const title = props.title ?? thread?.title;
      return {
        threadId: id,
        ...(typeof type === 'string' ? { threadType: type } : {}),
        ...(typeof title === 'string' ? { title } : {}),
      };
    }
  }
  return undefined;
}
