import { type RouterOutputs } from "@storeflow/api";
import { EmptyState, Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";

export function PartnersTable({ partners }: { partners: RouterOutputs["platform"]["listPartners"] }) {
  if (partners.length === 0) return <EmptyState title="No partners yet" description="Partners appear here once they sign up." />;
  return (
    <Table>
      <TableHeader>
        <TableRow>
          <TableHead>Partner</TableHead>
          <TableHead>Slug</TableHead>
          <TableHead className="text-right">Clients</TableHead>
          <TableHead className="text-right">Members</TableHead>
          <TableHead>Since</TableHead>
        </TableRow>
      </TableHeader>
      <TableBody>
        {partners.map((p) => (
          <TableRow key={p.id}>
            <TableCell className="font-medium">{p.name}</TableCell>
            <TableCell>{p.slug}</TableCell>
            <TableCell className="text-right">{p.clientCount}</TableCell>
            <TableCell className="text-right">{p.memberCount}</TableCell>
            <TableCell>{p.createdAt.toLocaleDateString("en-GB")}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
