// Recognition across platforms in real Chromium with the built extension: a customer who
// wrote a phone number on Messenger is recognised on Zalo when the Zalo thread carries the
// same number, and a customer whose visible thread goes back to an earlier day is
// returning on a fresh install.
import type { BrowserContext } from '@playwright/test';
import { countRows, expect, sidebar, test } from './harness';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';
const ZALO_URL = 'https://chat.zalo.me/';

/** Every row of one store of the extension's database, read inside the service worker. */
async function readStore<T>(context: BrowserContext, store: string): Promise<T[]> {
  const worker = context.serviceWorkers().at(-1);
  if (!worker) throw new Error('the extension has no service worker');
  return worker.evaluate(
    (store) =>
      new Promise<T[]>((resolve, reject) => {
        const req = indexedDB.open('khach-quen');
        req.onupgradeneeded = () => req.transaction?.abort();
        req.onerror = () => reject(req.error);
        req.onsuccess = () => {
          const db = req.result;
          const get = db.transaction(store, 'readonly').objectStore(store).getAll();
          get.onsuccess = () => {
            db.close();
            resolve(get.result as T[]);
          };
          get.onerror = () => {
            db.close();
            reject(get.error);
          };
        };
      }),
    store,
  );
}

interface CustomerRowLite {
  id: string;
  phones: string[];
}

test('a customer who gave a phone number on Messenger is returning on Zalo, linked by that number', async ({
  page,
  context,
}) => {
  // Messenger: a brand-new customer (only today's messages) writes a number.
  await page.goto(META_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await page.evaluate(() => window.__kqFixture.switchTo(1));
  await expect(page.getByTestId('kq-name')).toHaveText('Trần Minh Khoa');
  await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'new');
  const messengerId = await sidebar(page).getAttribute('data-customer-id');
  await page.evaluate(() =>
    window.__kqFixture.appendIncoming('Số của em là 0977 888 999 nha shop'),
  );
  await expect
    .poll(
      async () =>
        (await readStore<CustomerRowLite>(context, 'customers')).find((c) => c.id === messengerId)
          ?.phones,
    )
    .toEqual(['+84977888999']);

  // Zalo: another brand-new conversation (only today) carrying the same number.
  await page.goto(ZALO_URL);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  await page.evaluate(() => window.__kqFixture.switchTo(1));
  await expect(page.getByTestId('kq-name')).toHaveText('Nguyễn Văn Hậu');
  await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'new');
  await page.evaluate(() =>
    window.__kqFixture.appendIncoming('Em gửi số điện thoại: 0977.888.999 ạ'),
  );
  await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'returning');
  await expect(sidebar(page)).toHaveAttribute('data-customer-id', messengerId as string);
  await expect(page.getByTestId('kq-evidence')).toContainText(
    'Liên kết qua số điện thoại +84977888999',
  );
  await expect(page.getByTestId('kq-evidence')).toContainText('trên Messenger');
  // The Zalo name is what the Zalo page shows, though the record is the Messenger one.
  await expect(page.getByTestId('kq-name')).toHaveText('Nguyễn Văn Hậu');

  // The Zalo customer started on its own (no number yet) and was folded in when the number
  // came; the threads first open on each site share another number (0912 345 678) and are
  // linked too: four conversations, two customers, both links recorded so they can be undone.
  expect(await countRows(context)).toMatchObject({ customers: 2, identities: 4, merges: 2 });
});

for (const [platform, url, name] of [
  ['Meta Business Suite', META_URL, 'Nguyễn Thu Hà'],
  ['Zalo Web', ZALO_URL, 'Chị Lan Phương'],
] as const) {
  test(`${platform}: a customer whose thread shows an earlier day is returning on a fresh install`, async ({
    page,
    context,
  }) => {
    await page.goto(url);
    await expect(page.getByTestId('kq-name')).toHaveText(name);
    await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'returning');
    await expect(page.getByTestId('kq-evidence')).toContainText('Trong hội thoại có tin nhắn từ');
    // Nothing was on record before: the thread alone said so.
    expect(await countRows(context)).toMatchObject({ customers: 1, touchpoints: 1 });
  });
}
