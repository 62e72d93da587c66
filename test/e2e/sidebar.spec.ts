// The sidebar's panels in real Chromium with the built extension, on both inboxes: notes,
// labels (made, put on and taken off from the sidebar and by keyboard, surviving a reload),
// contact details with phone validation, and Meta's 24-hour messaging window.
import type { Page } from '@playwright/test';
import { extensionWorker } from '../../scripts/browser';
import { expect, sidebar, test } from './harness';

const META_URL =
  'https://business.facebook.com/latest/inbox/all?asset_id=104857600012345&mailbox_id=104857600012345';
const ZALO_URL = 'https://chat.zalo.me/';

/** Puts the caret in the host composer, as the agent does by clicking into it. */
async function focusComposer(page: Page) {
  await page.evaluate(() =>
    (window.__kqFixture as unknown as { _composer: { el(): HTMLElement } })._composer.el().focus(),
  );
}

async function openCustomer(page: Page, url: string) {
  await page.goto(url);
  await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
  return (await sidebar(page).getAttribute('data-customer-id')) as string;
}

for (const [site, url] of [
  ['Meta', META_URL],
  ['Zalo', ZALO_URL],
] as const) {
  test(`${site}: notes are added, edited, pinned, deleted and restored, and kept after a reload`, async ({
    page,
  }) => {
    await openCustomer(page, url);
    const notes = page.getByTestId('kq-note');
    await page.getByTestId('kq-note-input').fill('Khách thích màu be, size M');
    await page.getByTestId('kq-note-add').click();
    await expect(notes).toHaveCount(1);
    await page.getByTestId('kq-note-input').fill('Giao giờ hành chính <b>thôi</b>');
    await page.getByTestId('kq-note-add').click();
    await expect(notes).toHaveCount(2);
    // Newest first, as text (never HTML).
    await expect(notes.first().getByTestId('kq-note-text')).toHaveText(
      'Giao giờ hành chính <b>thôi</b>',
    );
    await expect(notes.first().getByTestId('kq-note-meta')).toContainText('Máy này');

    // Pin the older one: it moves to the top.
    await notes.nth(1).getByTestId('kq-note-pin').click();
    await expect(notes.first()).toHaveAttribute('data-pinned', 'true');
    await expect(notes.first().getByTestId('kq-note-text')).toContainText('màu be');

    // Edit it.
    await notes.first().getByTestId('kq-note-edit').click();
    await page.getByTestId('kq-note-edit-input').fill('Khách thích màu be, size L');
    await page.getByTestId('kq-note-save').click();
    await expect(notes.first().getByTestId('kq-note-text')).toContainText('size L');

    // Delete the other, then undo: it comes back with its text.
    await notes.nth(1).getByTestId('kq-note-delete').click();
    await expect(notes).toHaveCount(1);
    await page.getByTestId('kq-note-undo').click();
    await expect(notes).toHaveCount(2);

    await page.reload();
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await expect(notes).toHaveCount(2);
    await expect(notes.first()).toHaveAttribute('data-pinned', 'true');
    await expect(notes.first().getByTestId('kq-note-text')).toContainText('size L');
    await expect(page.getByTestId('kq-history-entry').filter({ hasText: 'size L' })).toHaveCount(1);
  });

  test(`${site}: labels are made, put on and taken off from the sidebar and with Alt+Shift+digit, and survive a reload`, async ({
    page,
  }) => {
    await openCustomer(page, url);
    const labels = page.getByTestId('kq-label');
    // A local-only shop owns its catalog: the first labels are made from the picker.
    for (const name of ['Khách sỉ', 'Hay hỏi giá']) {
      await page.getByTestId('kq-label-add').click();
      await page.getByTestId('kq-label-filter').fill(name);
      await page.getByTestId('kq-label-create').click();
      await expect(labels.filter({ hasText: name })).toHaveCount(1);
    }
    await expect(labels).toHaveCount(2);

    // Type to filter (accents optional) and take one off from the picker.
    await page.getByTestId('kq-label-add').click();
    await page.getByTestId('kq-label-filter').fill('hoi gia');
    await expect(page.getByTestId('kq-label-option')).toHaveCount(1);
    await expect(page.getByTestId('kq-label-option')).toContainText('Alt+Shift+2');
    await page.getByTestId('kq-label-filter').press('Enter');
    await expect(labels).toHaveCount(1);

    // Alt+Shift+2 puts it back, Alt+Shift+1 takes the first one off.
    await page.keyboard.press('Alt+Shift+Digit2');
    await expect(labels).toHaveCount(2);
    await page.keyboard.press('Alt+Shift+Digit1');
    await expect(labels).toHaveCount(1);
    await expect(labels).toHaveText(/Hay hỏi giá/);

    await page.reload();
    await expect(sidebar(page)).toHaveAttribute('data-state', 'view');
    await expect(labels).toHaveCount(1);
    await expect(labels).toHaveText(/Hay hỏi giá/);
  });

  test(`${site}: a phone number is validated, shown the Vietnamese way, and can be removed`, async ({
    page,
  }) => {
    await openCustomer(page, url);
    const input = page.getByTestId('kq-contact-input');
    await input.fill('12345');
    await page.getByTestId('kq-contact-add').click();
    await expect(page.getByTestId('kq-contact-error')).toContainText(
      'Không phải số điện thoại Việt Nam',
    );
    await input.fill('+84 912.345.678');
    await page.getByTestId('kq-contact-add').click();
    await expect(page.getByTestId('kq-phone').filter({ hasText: '0912 345 678' })).toHaveCount(1);
    await expect(page.getByTestId('kq-contact-error')).toHaveCount(0);
    await input.fill('Khach@Example.VN');
    await page.getByTestId('kq-contact-add').click();
    await expect(page.getByTestId('kq-email')).toHaveText(/khach@example\.vn/);
    await page.reload();
    await expect(page.getByTestId('kq-phone').filter({ hasText: '0912 345 678' })).toHaveCount(1);
    await page
      .getByTestId('kq-phone')
      .filter({ hasText: '0912 345 678' })
      .getByRole('button')
      .click();
    await expect(page.getByTestId('kq-phone').filter({ hasText: '0912 345 678' })).toHaveCount(0);
  });
}

test("Meta: the 24-hour messaging window counts from the customer's last message; Zalo has none", async ({
  page,
}) => {
  await openCustomer(page, META_URL);
  const line = page.getByTestId('kq-window');
  await expect(line).toHaveAttribute('data-window-state', /open|closing/);
  await expect(line).toContainText(/còn \d+ giờ \d+ phút/);
  await openCustomer(page, ZALO_URL);
  await expect(page.getByTestId('kq-window')).toHaveCount(0);
});

test('the agent switches the UI to English in the options page and an open inbox follows', async ({
  page,
  context,
}) => {
  await openCustomer(page, ZALO_URL);
  await expect(page.getByTestId('kq-notes')).toContainText('Ghi chú');
  const { extensionId } = await extensionWorker(context);
  const options = await context.newPage();
  await options.goto(`chrome-extension://${extensionId}/options.html`);
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Cài đặt Khách Quen');
  await options.getByTestId('kq-opt-locale').selectOption('en');
  await expect(options.getByRole('heading', { level: 1 })).toHaveText('Khách Quen settings');
  await expect(page.getByTestId('kq-notes')).toContainText('Notes');
  await expect(page.getByTestId('kq-badge')).not.toHaveText(/Khách/);
  // Remembered: a new tab opens in English.
  await page.reload();
  await expect(page.getByTestId('kq-history')).toContainText('History');
});

for (const [site, url] of [
  ['Meta', META_URL],
  ['Zalo', ZALO_URL],
] as const) {
  test(`${site}: "ship cod ko shop" from a returning customer puts a shipping reply with their name on top; Alt+1 inserts it, nothing is sent`, async ({
    page,
  }) => {
    await openCustomer(page, url);
    // The open thread goes back to an earlier day: a returning customer on day one.
    await expect(page.getByTestId('kq-badge')).toHaveAttribute('data-status', 'returning');
    const name = (await page.getByTestId('kq-name').textContent()) ?? '';
    const given = name.trim().split(/\s+/).at(-1) as string;
    await page.evaluate(() => window.__kqFixture.appendIncoming('ship cod ko shop'));
    const replies = page.getByTestId('kq-reply');
    await expect(replies.first()).toContainText(given);
    await expect(replies.first()).toContainText(/ship COD/i);
    // Top 3 without a click; the rest on demand.
    await expect(replies).toHaveCount(3);
    const top = (await replies.first().textContent()) as string;
    expect(top).not.toMatch(/[{}]/);

    // Alt+1 with the caret in the host composer: the reply lands there, exactly.
    await focusComposer(page);
    await page.keyboard.press('Alt+Digit1');
    await expect.poll(() => page.evaluate(() => window.__kqFixture.editorText())).toBe(top);
    expect(await page.evaluate(() => window.__kqFixture.sentMessages())).toEqual([]);

    await page.getByTestId('kq-replies-more').click();
    await expect(replies).toHaveCount(9);
  });
}

test('Zalo: "/ship" + Space in the composer expands to the shipping template for this customer', async ({
  page,
}) => {
  await openCustomer(page, ZALO_URL);
  await focusComposer(page);
  await page.keyboard.type('/ship');
  await page.keyboard.press('Space');
  await expect
    .poll(() => page.evaluate(() => window.__kqFixture.editorText()))
    .toMatch(/^Dạ .*ship COD toàn quốc/);
  expect(await page.evaluate(() => window.__kqFixture.editorText())).not.toContain('/ship');
  // Not a shortcut: typed as is.
  await page.keyboard.type(' /khongco');
  await page.keyboard.press('Space');
  await expect
    .poll(() => page.evaluate(() => window.__kqFixture.editorText()))
    .toContain('/khongco ');
});

test('Meta: the agent sets how to address the customer and the replies follow', async ({
  page,
}) => {
  await openCustomer(page, META_URL);
  await page.evaluate(() => window.__kqFixture.appendIncoming('ship cod ko shop'));
  const top = page.getByTestId('kq-reply').first();
  await expect(top).toContainText(/ship COD/i);
  await page.getByTestId('kq-xungho').selectOption('anh');
  await expect(top).toContainText(/\banh\b/);
  await expect(top).not.toContainText(/\bchị\b/);
  await page.reload();
  await expect(page.getByTestId('kq-xungho')).toHaveValue('anh');
});

for (const [site, url, newName] of [
  ['Meta', META_URL, 'Trần Minh Khoa'],
  ['Zalo', ZALO_URL, 'Nguyễn Văn Hậu'],
] as const) {
  test(`${site}: new and returning badges each say why, in the badge's description`, async ({
    page,
  }) => {
    await openCustomer(page, url);
    const badge = page.getByTestId('kq-badge');
    await expect(badge).toHaveAttribute('data-status', 'returning');
    await expect(page.getByTestId('kq-evidence')).toContainText('Trong hội thoại có tin nhắn từ');
    // Reachable by keyboard, the reasons as its description.
    await expect(badge).toHaveAccessibleDescription(/Trong hội thoại có tin nhắn từ/);
    await page.evaluate(() => window.__kqFixture.switchTo(1));
    await expect(page.getByTestId('kq-name')).toHaveText(newName);
    await expect(badge).toHaveAttribute('data-status', 'new');
    await expect(page.getByTestId('kq-evidence')).toContainText('Nhắn lần đầu');
    await expect(badge).toHaveText('Khách mới');
  });
}
