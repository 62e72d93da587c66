// The care panel's customer slot on a conversation switch: the view says the birthday and
// whether a text waits, so nothing is asked of the background (each ask is a message round
// trip on the host page's main thread) unless there is a text to take.
import { fireEvent, waitFor } from '@testing-library/preact';
import { afterEach, describe, expect, it } from 'vitest';
import { mountCare } from '@/content-scripts/care-mount';
import { onMessage } from '@/utils/messaging';

const tick = () => new Promise((r) => setTimeout(r, 20));

describe('care slot', () => {
  const stops: (() => void)[] = [];
  afterEach(() => {
    for (const stop of stops.splice(0)) stop();
    document.body.innerHTML = '';
  });

  it('switching customers asks nothing; a waiting text is taken once, for its customer', async () => {
    const asked: string[] = [];
    stops.push(
      onMessage('getBirthday', ({ data }) => {
        asked.push(`getBirthday:${data.customerId}`);
        return { ok: true, birthday: null };
      }),
      onMessage('takePendingInsert', ({ data }) => {
        asked.push(`takePendingInsert:${data.customerId}`);
        return null;
      }),
      onMessage('listMembers', () => ({ ok: true, members: [] })),
    );
    const root = document.createElement('div');
    root.innerHTML =
      '<div data-customer-id="c1"><div data-kq-care="customer" data-birthday=""></div></div>';
    document.body.append(root);
    const composer = document.createElement('div');
    const stop = mountCare(root, { composer: () => composer, searchBox: undefined });
    stops.push(stop);
    const card = root.firstElementChild as HTMLElement;
    const slot = card.firstElementChild as HTMLElement;
    await waitFor(() => expect(root.querySelector('[data-testid="kq-birthday"]')).not.toBeNull());

    // A switch to a customer with a birthday: shown from the view.
    card.setAttribute('data-customer-id', 'c2');
    slot.setAttribute('data-birthday', '1990-05-01');
    await waitFor(() =>
      expect((root.querySelector('[data-testid="kq-birthday"]') as HTMLInputElement).value).toBe(
        '01/05/1990',
      ),
    );
    await tick();
    expect(asked).toEqual([]);

    // The view says a text waits for c2: taken once.
    slot.setAttribute('data-pending-insert', '');
    await waitFor(() => expect(asked).toEqual(['takePendingInsert:c2']));

    // A view that did not say (no rows): the birthday is asked for.
    slot.removeAttribute('data-pending-insert');
    slot.removeAttribute('data-birthday');
    card.setAttribute('data-customer-id', 'c3');
    await waitFor(() => expect(asked).toContain('getBirthday:c3'));
  });

  it('a view arriving while the agent types a birthday does not overwrite it', async () => {
    stops.push(onMessage('listMembers', () => ({ ok: true, members: [] })));
    const root = document.createElement('div');
    root.innerHTML =
      '<div data-customer-id="c1"><div data-kq-care="customer" data-birthday=""></div></div>';
    document.body.append(root);
    stops.push(mountCare(root, { composer: () => null, searchBox: undefined }));
    const slot = root.querySelector('[data-kq-care]') as HTMLElement;
    await waitFor(() => expect(root.querySelector('[data-testid="kq-birthday"]')).not.toBeNull());
    const input = root.querySelector('[data-testid="kq-birthday"]') as HTMLInputElement;
    fireEvent.input(input, { target: { value: '15/8' } });
    // A new message re-sends the view; a teammate stored another birthday meanwhile.
    slot.setAttribute('data-birthday', '1990-05-01');
    await tick();
    expect((root.querySelector('[data-testid="kq-birthday"]') as HTMLInputElement).value).toBe(
      '15/8',
    );
  });
});
