// Care follow-ups, what the sidebar's care panel reads besides the queue: the customer's
// stored birthday for the card's field (validated; `{ ok: false, error }` names the field).
import * as z from 'zod/mini';
import { describeIssues, type Result, refusal } from '@/core/protocol';
import type { KqDb } from './db';

const BirthdayRequestSchema = z.strictObject({
  customerId: z.string().check(z.minLength(1), z.maxLength(300)),
});

export async function handleGetBirthday(
  db: KqDb,
  data: unknown,
): Promise<Result<{ birthday: string | null }>> {
  const parsed = BirthdayRequestSchema.safeParse(data);
  if (!parsed.success) return { ok: false, error: describeIssues(parsed.error) };
  try {
    const customer = await db.customers.get(parsed.data.customerId);
    if (!customer) return { ok: false, error: `customerId: no customer ${parsed.data.customerId}` };
    return { ok: true, birthday: customer.birthday ?? null };
  } catch (e) {
    return refusal(e);
  }
}
