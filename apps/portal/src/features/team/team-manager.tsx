"use client";

import { type RouterOutputs } from "@storeflow/api";
import { Badge, Button, EmptyState, Select, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { ROLE_LABEL } from "@/features/shell/roles";
import { useTRPC } from "@/trpc/react";
import { messageOf } from "@/trpc/errors";
import { InviteMemberForm } from "./invite-member-form";

type TTeam = RouterOutputs["member"]["list"];
const CLIENT_ROLES = ["client_admin", "client_viewer"];

export interface TeamManagerProps {
  initialTeam: TTeam;
  clients: { id: string; name: string }[];
  grantable: string[];
  fixedClientId: string | null;
  currentUserId: string;
  canManage: boolean;
}

export function TeamManager({ initialTeam, clients, grantable, fixedClientId, currentUserId, canManage }: TeamManagerProps) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const team = useQuery({ ...trpc.member.list.queryOptions(), initialData: initialTeam });
  const refresh = () => queryClient.invalidateQueries({ queryKey: trpc.member.list.queryKey() });
  const options = { onSuccess: refresh, onError: (e: unknown) => setError(messageOf(e)) };
  const changeRole = useMutation(trpc.member.changeRole.mutationOptions(options));
  const remove = useMutation(trpc.member.remove.mutationOptions(options));
  const revoke = useMutation(trpc.member.revokeInvitation.mutationOptions(options));

  return (
    <section aria-labelledby="team-heading" className="space-y-6">
      <h1 id="team-heading" className="text-2xl font-semibold">Team</h1>
      {canManage ? <InviteMemberForm clients={clients} grantable={grantable} fixedClientId={fixedClientId} onInvited={refresh} /> : null}
      {error ? <p role="alert" className="text-sm text-danger">{error}</p> : null}
      <Table aria-label="Members">
        <TableHeader>
          <TableRow>
            <TableHead>Person</TableHead>
            <TableHead>Client</TableHead>
            <TableHead>Role</TableHead>
            {canManage ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
          </TableRow>
        </TableHeader>
        <TableBody>
          {team.data.members.map((m) => {
            const manageable = canManage && m.user.id !== currentUserId && grantable.includes(m.role);
            const sameKind = grantable.filter((r) => CLIENT_ROLES.includes(r) === CLIENT_ROLES.includes(m.role));
            return (
              <TableRow key={m.id}>
                <TableCell>
                  <div className="font-medium">{m.user.name ?? m.user.email}</div>
                  <div className="text-xs text-muted-foreground">{m.user.email}</div>
                </TableCell>
                <TableCell>{m.clientName ?? "All clients"}</TableCell>
                <TableCell>
                  {manageable ? (
                    <Select aria-label={`Role of ${m.user.email}`} value={m.role} disabled={changeRole.isPending} onChange={(e) => { setError(null); changeRole.mutate({ membershipId: m.id, role: e.currentTarget.value as never }); }}>
                      {sameKind.map((r) => (
                        <option key={r} value={r}>{ROLE_LABEL[r]}</option>
                      ))}
                    </Select>
                  ) : (
                    ROLE_LABEL[m.role]
                  )}
                </TableCell>
                {canManage ? (
                  <TableCell className="text-right">
                    {manageable ? (
                      <Button variant="ghost" size="sm" disabled={remove.isPending} onClick={() => { if (window.confirm(`Remove ${m.user.email}?`)) { setError(null); remove.mutate({ membershipId: m.id }); } }}>
                        Remove<span className="sr-only"> {m.user.email}</span>
                      </Button>
                    ) : null}
                  </TableCell>
                ) : null}
              </TableRow>
            );
          })}
        </TableBody>
      </Table>
      <section aria-labelledby="invitations-heading" className="space-y-3">
        <h2 id="invitations-heading" className="text-lg font-semibold">Pending invitations</h2>
        {team.data.invitations.length === 0 ? (
          <EmptyState title="No pending invitations" description={canManage ? "Invite someone above; they get an e-mail with a link that works for 7 days." : "Nobody is waiting to join."} />
        ) : (
          <Table aria-label="Pending invitations">
            <TableHeader>
              <TableRow>
                <TableHead>E-mail</TableHead>
                <TableHead>Client</TableHead>
                <TableHead>Role</TableHead>
                <TableHead>Expires</TableHead>
                {canManage ? <TableHead><span className="sr-only">Actions</span></TableHead> : null}
              </TableRow>
            </TableHeader>
            <TableBody>
              {team.data.invitations.map((i) => (
                <TableRow key={i.id}>
                  <TableCell>{i.email}</TableCell>
                  <TableCell>{i.clientName ?? "All clients"}</TableCell>
                  <TableCell>{ROLE_LABEL[i.role]}</TableCell>
                  <TableCell>{i.expired ? <Badge variant="warning">Expired</Badge> : i.expiresAt.toLocaleDateString("en-GB")}</TableCell>
                  {canManage ? (
                    <TableCell className="text-right">
                      <Button variant="ghost" size="sm" disabled={revoke.isPending} onClick={() => revoke.mutate({ invitationId: i.id })}>
                        Withdraw<span className="sr-only"> invitation for {i.email}</span>
                      </Button>
                    </TableCell>
                  ) : null}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </section>
    </section>
  );
}
