// Backup and restore on the options page. The page opens the extension's database itself
// (same origin as the background): a backup of 100k customers is tens of megabytes, too much
// to pass through extension messaging. After a restore the background is told to drop what
// it caches and the open inboxes re-read their customer.
import { useState } from 'preact/hooks';
import { formatDate, type Locale } from '@/core/i18n';
import { t } from '@/core/i18n-options';
import { exportBackup, restoreBackup } from '@/storage/backup';
import { customersCsv } from '@/storage/customers-csv';
import { KqDb } from '@/storage/db';
import { sendMessage } from '@/utils/messaging';
import { download } from './download';

let db: KqDb | undefined;
const database = () => {
  db ??= new KqDb();
  return db;
};
const stamp = () => new Date().toISOString().slice(0, 10);
const reason = (e: unknown) => (e instanceof Error ? e.message : String(e));

export function BackupSection(props: { locale: Locale }) {
  const { locale } = props;
  const [busy, setBusy] = useState<'export' | 'csv' | 'restore' | null>(null);
  const [file, setFile] = useState<File | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async (kind: 'export' | 'csv', work: () => Promise<void>) => {
    setBusy(kind);
    setMessage(null);
    try {
      await work();
    } catch (e) {
      setMessage({ ok: false, text: t(locale, 'backup.export-failed', { reason: reason(e) }) });
    } finally {
      setBusy(null);
    }
  };

  const restore = async () => {
    if (!file || !confirm(t(locale, 'backup.restore-confirm'))) return;
    setBusy('restore');
    setMessage(null);
    try {
      let doc: unknown;
      try {
        doc = JSON.parse(await file.text());
      } catch {
        throw new Error(t(locale, 'backup.bad-json'));
      }
      const s = await restoreBackup(database(), doc);
      await sendMessage('backupRestored', undefined);
      setMessage({
        ok: true,
        text: t(locale, 'backup.restored', {
          date: formatDate(locale, s.exportedAt),
          customers: s.counts.customers ?? 0,
          notes: s.counts.notes ?? 0,
          labels: s.counts.labels ?? 0,
          orders: s.counts.orders ?? 0,
        }),
      });
    } catch (e) {
      setMessage({ ok: false, text: t(locale, 'backup.failed', { reason: reason(e) }) });
    } finally {
      setBusy(null);
    }
  };

  const button =
    'rounded-md border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 disabled:opacity-60';
  return (
    <section class="space-y-3 rounded-xl border border-slate-200 bg-white p-4">
      <h2 class="text-base font-semibold">{t(locale, 'backup.title')}</h2>
      <p class="text-sm text-slate-600">{t(locale, 'backup.help')}</p>
      <div class="flex flex-wrap gap-2">
        <button
          type="button"
          data-testid="kq-backup-export"
          class={button}
          disabled={busy !== null}
          onClick={() =>
            run('export', async () =>
              download(
                `khach-quen-backup-${stamp()}.json`,
                await exportBackup(database()),
                'application/json',
              ),
            )
          }
        >
          {t(locale, busy === 'export' ? 'backup.exporting' : 'backup.export')}
        </button>
        <button
          type="button"
          data-testid="kq-backup-csv"
          class={button}
          disabled={busy !== null}
          onClick={() =>
            run('csv', async () =>
              download(
                `khach-quen-customers-${stamp()}.csv`,
                await customersCsv(database()),
                'text/csv;charset=utf-8',
              ),
            )
          }
        >
          {t(locale, 'backup.csv')}
        </button>
      </div>
      <div class="flex flex-wrap items-end gap-2">
        <label class="block text-sm">
          {t(locale, 'backup.file')}
          <input
            type="file"
            accept="application/json,.json"
            data-testid="kq-backup-file"
            class="mt-1 block text-sm"
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </label>
        <button
          type="button"
          data-testid="kq-backup-restore"
          class={button}
          disabled={busy !== null || !file}
          onClick={() => void restore()}
        >
          {t(locale, busy === 'restore' ? 'backup.restoring' : 'backup.restore')}
        </button>
      </div>
      {message && (
        <p
          data-testid="kq-backup-summary"
          data-ok={String(message.ok)}
          role={message.ok ? 'status' : 'alert'}
          class={`text-sm ${message.ok ? 'text-emerald-800' : 'text-rose-800'}`}
        >
          {message.text}
        </p>
      )}
    </section>
  );
}
