// Team members from the options page: list, invite (the token is shown once), change a role,
// remove. All of it lives on the team server, which checks who may do what; these handlers
// validate first (the field named when it is wrong) and answer with a plain result.
import * as z from 'zod/mini';
import { MemberInviteBody, MemberRoleBody } from '@/core/api/schemas';
import { describeIssues, type Result, refusal, type TeamMemberView } from '@/core/protocol';
import { RowIdSchema } from '@/core/sync/mutations';
import type { SyncClient } from './sync-client';

const MemberListSchema = z.object({
  members: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: z.enum(['owner', 'manager', 'agent']),
      createdAt: z.number(),
      revoked: z.boolean(),
    }),
  ),
});
const InviteAnswerSchema = z.object({ memberId: z.string(), token: z.string() });
export const MemberRoleRequestSchema = z.object({
  memberId: RowIdSchema,
  role: MemberRoleBody.shape.role,
});
export const MemberRemoveRequestSchema = z.object({ memberId: RowIdSchema });

type Call = Pick<SyncClient, 'call' | 'connection'>;

async function connected(sync: Call): Promise<void> {
  if (!(await sync.connection())) throw new Error('not connected to a team server');
}

export async function handleListMembers(
  sync: Call,
): Promise<Result<{ members: TeamMemberView[] }>> {
  try {
    await connected(sync);
    const parsed = MemberListSchema.safeParse(await sync.call('GET', '/v1/members'));
    if (!parsed.success)
      return refusal(`the server's member list: ${describeIssues(parsed.error)}`);
    return { ok: true, members: parsed.data.members };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleInviteMember(
  sync: Call,
  input: unknown,
): Promise<Result<{ memberId: string; token: string }>> {
  const body = MemberInviteBody.safeParse(input);
  if (!body.success) return refusal(`bad invitation: ${describeIssues(body.error)}`);
  try {
    await connected(sync);
    const answer = InviteAnswerSchema.safeParse(await sync.call('POST', '/v1/members', body.data));
    if (!answer.success) return refusal(`the server's answer: ${describeIssues(answer.error)}`);
    return { ok: true, memberId: answer.data.memberId, token: answer.data.token };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleSetMemberRole(sync: Call, input: unknown): Promise<Result> {
  const req = MemberRoleRequestSchema.safeParse(input);
  if (!req.success) return refusal(`bad role change: ${describeIssues(req.error)}`);
  try {
    await connected(sync);
    await sync.call('PATCH', `/v1/members/${encodeURIComponent(req.data.memberId)}`, {
      role: req.data.role,
    });
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}

export async function handleRemoveMember(sync: Call, input: unknown): Promise<Result> {
  const req = MemberRemoveRequestSchema.safeParse(input);
  if (!req.success) return refusal(`bad removal: ${describeIssues(req.error)}`);
  try {
    await connected(sync);
    await sync.call('DELETE', `/v1/members/${encodeURIComponent(req.data.memberId)}`);
    return { ok: true };
  } catch (error) {
    return refusal(error);
  }
}
