// Injected into the inbox replica by the sidebar benchmark: switches the host to thread `i`
// and times, from the click, the host's own paint and our badge's paint for that customer.

interface Fixture {
  threads: { name: string }[];
  switchTo(i: number): Promise<void>;
}

const norm = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim();
const frame = () => new Promise<number>((r) => requestAnimationFrame(() => r(performance.now())));

async function timeSwitch(i: number): Promise<{ host: number; badge: number }> {
  const fixture = (window as unknown as { __kqFixture: Fixture }).__kqFixture;
  const root = document.querySelector('khach-quen-sidebar')?.shadowRoot;
  if (!root) throw new Error('no sidebar shadow root (the e2e build opens it)');
  const want = norm(fixture.threads[i]?.name);
  // Our answer for this customer, never the previous one: the name and a real status.
  const ready = () => {
    const aside = root.querySelector<HTMLElement>('[data-testid=kq-sidebar]');
    const badge = root.querySelector<HTMLElement>('[data-testid=kq-badge]');
    return (
      aside?.dataset.state === 'view' &&
      norm(root.querySelector('[data-testid=kq-name]')?.textContent) === want &&
      badge !== null &&
      badge.dataset.status !== 'unknown'
    );
  };
  const t0 = performance.now();
  const painted = new Promise<number>((resolve, reject) => {
    const mo = new MutationObserver(() => {
      if (!ready()) return;
      mo.disconnect();
      void frame().then(resolve);
    });
    mo.observe(root, { subtree: true, childList: true, characterData: true, attributes: true });
    setTimeout(() => {
      mo.disconnect();
      reject(new Error(`badge for "${want}" not painted within 5 s`));
    }, 5000);
  });
  await fixture.switchTo(i);
  const host = (await frame()) - t0;
  const badge = (await painted) - t0;
  return { host, badge };
}

(window as unknown as { __kqTimeSwitch: typeof timeSwitch }).__kqTimeSwitch = timeSwitch;
