export { type TActor } from "./actor";
export { PERMISSIONS, can, grantableRoles, isClientRole, isPartnerRole, PARTNER_ROLES, CLIENT_ROLES, ZRole, ZTenantRole, type TPermission, type TRole, type TTenantRole } from "./roles";
export { getPartner, updatePartnerBrand, ZPartnerBrand, ZUpdatePartnerBrandInput, type TPartnerBrand } from "./partners";
export { listClients, getClient, createClient, updateClient, archiveClient, slugify, ZCreateClientInput, ZUpdateClientInput, ZClientIdInput, ZListClientsInput } from "./clients";
export { listMembers, inviteMember, changeMemberRole, removeMember, revokeInvitation, hashInvitationToken, INVITATION_TTL_MS, ZInviteMemberInput, ZChangeMemberRoleInput, ZMembershipIdInput, ZInvitationIdInput } from "./members";
export { findBrandByHost, findBrandByPartnerId, DEFAULT_BRAND, type TBrand } from "./brand";
