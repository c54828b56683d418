import {
  changeMemberRole,
  getPartner,
  inviteMember,
  listMembers,
  removeMember,
  revokeInvitation,
  ZChangeMemberRoleInput,
  ZInvitationIdInput,
  ZInviteMemberInput,
  ZMembershipIdInput,
} from "@storeflow/accounts";
import { z } from "zod";
import { ZIdDto, ZInvitationDto, ZMemberDto } from "../dto";
import { invitationEmail } from "../invitation-email";
import { clientProcedure, createTRPCRouter } from "../trpc";

export const memberRouter = createTRPCRouter({
  /** Members and pending invitations in scope; client admins see only their client's. */
  list: clientProcedure("member.read")
    .meta({ sample: () => undefined })
    .input(z.void())
    .output(z.object({ members: z.array(ZMemberDto), invitations: z.array(ZInvitationDto) }))
    .query(({ ctx }) => listMembers(ctx.actor)),

  invite: clientProcedure("member.invite")
    .meta({ sample: (t) => ({ email: `invitee-${t.clientId.slice(-8)}@example.test`, role: "client_viewer", clientId: t.clientId }) })
    .input(ZInviteMemberInput)
    .output(ZInvitationDto.pick({ id: true, email: true, role: true, clientId: true, clientName: true, expiresAt: true }))
    .mutation(async ({ ctx, input }) => {
      const { invitation, token } = await inviteMember(ctx.actor, input);
      const partner = await getPartner(ctx.actor);
      const url = new URL(`/invite/${token}`, ctx.portalUrl).toString();
      await ctx.mailer.send({
        to: invitation.email,
        fromName: partner.productName,
        ...invitationEmail({ productName: partner.productName, role: invitation.role, clientName: invitation.clientName, url }),
      });
      return invitation;
    }),

  changeRole: clientProcedure("member.update")
    .meta({ sample: (t) => ({ membershipId: t.viewerMembershipId, role: "client_admin" }) })
    .input(ZChangeMemberRoleInput)
    .output(z.object({ id: z.uuid(), role: ZChangeMemberRoleInput.shape.role }))
    .mutation(({ ctx, input }) => changeMemberRole(ctx.actor, input)),

  remove: clientProcedure("member.remove")
    .meta({ sample: (t) => ({ membershipId: t.viewerMembershipId }) })
    .input(ZMembershipIdInput)
    .output(ZIdDto)
    .mutation(({ ctx, input }) => removeMember(ctx.actor, input)),

  revokeInvitation: clientProcedure("member.invite")
    .meta({ sample: (t) => ({ invitationId: t.invitationId }) })
    .input(ZInvitationIdInput)
    .output(ZIdDto)
    .mutation(({ ctx, input }) => revokeInvitation(ctx.actor, input)),
});
