export const ROLE_LABEL: Record<string, string> = {
  platform_admin: "Platform operator",
  partner_owner: "Owner",
  partner_admin: "Administrator",
  partner_operator: "Operator",
  client_admin: "Client administrator",
  client_viewer: "Client viewer",
};
