"use client";

import { Table, TableBody, TableCell, TableHead, TableHeader, TableRow } from "@storeflow/ui";
import { flexRender, type Table as TTable } from "@tanstack/react-table";

/** A TanStack table drawn without sorting or paging: billing lists are a year of rows at most. */
export function BillingTable<T>({ table, label }: { table: TTable<T>; label: string }) {
  return (
    <Table aria-label={label}>
      <TableHeader>
        {table.getHeaderGroups().map((group) => (
          <TableRow key={group.id}>
            {group.headers.map((header) => <TableHead key={header.id}>{flexRender(header.column.columnDef.header, header.getContext())}</TableHead>)}
          </TableRow>
        ))}
      </TableHeader>
      <TableBody>
        {table.getRowModel().rows.map((row) => (
          <TableRow key={row.id}>
            {row.getVisibleCells().map((cell) => <TableCell key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</TableCell>)}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
